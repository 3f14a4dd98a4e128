/*
 * The editor code every CaseLink node shares: palette and label conventions, number validators,
 * and the edit form built from a list of rows (label with icon and translated text, then the
 * control). Each node's .html calls RED.nodes.registerType itself with its definition written out
 * (category, color, defaults, credentials, ports and icon as literals: the Node-RED catalogue reads
 * them from the .html); the helpers here are its property values or are called beside it.
 * Node-RED serves a package's resources/ folder at resources/<module>/, and each node's .html
 * loads this file before its own script:
 *   <script src="resources/@caselink/node-red-caselink/caselink-editor.js"></script>
 * The editor loads it once per node set; the first copy stays.
 */
(function () {
  'use strict';
  if (window.CaseLinkEditor) return;

  var ENV = /^\$\{\w+\}$/;
  var CHECKBOX_STYLE = 'display: inline-block; width: auto; vertical-align: top';

  function attr(name, value) {
    return value === undefined ? '' : ' ' + name + '="' + String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;') + '"';
  }

  /** The control of a row: input (text, password, hidden), select with options, or checkbox. */
  function control(type, id, row) {
    var kind = row.input || 'text';
    if (kind === 'select') {
      // An option is its value, which names its text (`<field>.<value>`), or [value, text key].
      var options = (row.options || []).map(function (option) {
        var value = Array.isArray(option) ? option[0] : option;
        var key = Array.isArray(option) ? option[1] : option;
        return '<option' + attr('value', value) + attr('data-i18n', type + '.' + row.field + '.' + key) + '></option>';
      });
      return '<select' + attr('id', id) + '>' + options.join('\n') + '</select>';
    }
    var input =
      '<input' +
      attr('type', kind) +
      attr('id', id) +
      attr('list', row.list) +
      attr('placeholder', row.placeholder) +
      attr('data-i18n', row.placeholderKey && '[placeholder]' + type + '.' + row.placeholderKey) +
      attr('style', row.width && 'width: ' + row.width) +
      ' />';
    return row.list ? input + '\n<datalist' + attr('id', row.list) + '></datalist>' : input;
  }

  /**
   * One form row; `prefix` is node-input or node-config-input. A row names its `field` (the
   * control's id and the `label.<field>` text), its `icon` (none: the text alone), its `input`
   * (text, password, hidden, select with `options`, checkbox), `placeholder` or `placeholderKey`,
   * `width`, a `list` of suggestions, and a `rowClass` to show or hide it by; or it is `html`.
   */
  function formRow(type, prefix, row) {
    if (row.html !== undefined) return row.html;
    var id = prefix + '-' + row.field;
    var key = type + '.label.' + row.field;
    var parts;
    if (row.input === 'checkbox') {
      parts = [
        '<input type="checkbox"' + attr('id', id) + attr('style', CHECKBOX_STYLE) + ' />',
        '<label' + attr('for', id) + ' style="width: auto"' + attr('data-i18n', key) + '></label>',
      ];
    } else if (row.icon) {
      parts = [
        '<label' + attr('for', id) + '><i class="fa fa-' + row.icon + '"></i> <span' + attr('data-i18n', key) + '></span></label>',
        control(type, id, row),
      ];
    } else {
      parts = ['<label' + attr('for', id) + attr('data-i18n', key) + '></label>', control(type, id, row)];
    }
    return '<div class="form-row' + (row.rowClass ? ' ' + row.rowClass : '') + '">\n' + parts.join('\n') + '\n</div>';
  }

  /** The node's edit form, where the editor looks for it: a `text/html` script named after the type. */
  function addTemplate(type, prefix, rows, tip) {
    var html = rows.map(function (row) {
      return formRow(type, prefix, row);
    });
    if (tip) html.push('<div class="form-tips"' + attr('data-i18n', '[html]' + type + '.tip') + '></div>');
    var script = document.createElement('script');
    script.type = 'text/html';
    script.setAttribute('data-template-name', type);
    script.text = html.join('\n');
    document.body.appendChild(script);
  }

  /** A function of the node giving the text `<type>.<key>` of its catalogue. */
  function text(type, key) {
    return function () {
      return this._(type + '.' + key);
    };
  }

  /** A node's label: its name when set, else `unnamed` (a function of the node). */
  function named(unnamed) {
    return function () {
      return this.name || unnamed.call(this);
    };
  }

  window.CaseLinkEditor = {
    /** The name row every CaseLink form has (its `name: { value: '' }` is the first of the defaults). */
    nameRow: { field: 'name', icon: 'tag', placeholderKey: 'label.name' },

    /** The node's palette label: `paletteLabel` of its catalogue. */
    paletteLabel: function (type) {
      return text(type, 'paletteLabel');
    },

    /** The node's label: its name when set, else `unnamed` (a function of the node), else `label.default`. */
    label: function (type, unnamed) {
      return named(unnamed || text(type, 'label.default'));
    },

    /** A named node's label is italic. */
    labelStyle: function () {
      return this.name ? 'node_label_italic' : '';
    },

    /** The label of the node's input or output port (`port`: input, output): `label.<port>`. */
    portLabel: function (type, port) {
      return text(type, 'label.' + port);
    },

    /**
     * Adds the node's edit form, built from its rows (see formRow), with the `tip` text under them
     * when `tip` is set; `prefix` is node-input, or node-config-input for a configuration node.
     * Called before the node's RED.nodes.registerType.
     */
    form: addTemplate,

    /** The label of a node bound to a caselink-system: its name, else `label.<key>` naming the system, else `label.default`. */
    systemLabel: function (type, key) {
      return named(function () {
        var system = RED.nodes.node(this.system);
        return system ? this._(type + '.label.' + key, { system: system.label ? system.label.call(system) : '' }) : this._(type + '.label.default');
      });
    },

    /**
     * Validator of a whole number between min and max (or equal to `options.or`); empty is allowed,
     * and with `options.env` an environment variable `${NAME}`.
     */
    wholeNumber: function (min, max, options) {
      var env = Boolean(options && options.env);
      var or = options && options.or;
      return function (v) {
        if (v === undefined || v === '' || (env && ENV.test(v))) return true;
        var n = Number(v);
        return Number.isInteger(n) && (n === or || (n >= min && n <= max));
      };
    },

    /** Closes a text editor a node opened in oneditprepare (`node[key]`), handing its text to `keep` first when saving. */
    closeEditor: function (node, key, keep) {
      if (keep) keep(node[key].getValue());
      node[key].destroy();
      delete node[key];
    },
  };
})();
