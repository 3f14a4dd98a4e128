/*
 * CaseLink operator console (运维控制台). Plain browser JavaScript: no framework, no build step,
 * nothing loaded from elsewhere. Every figure comes from the admin API under ../api/, which
 * Node-RED's adminAuth protects; the page signs in with a Node-RED user (or reuses the editor's
 * session) and sends the token as a Bearer header.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Strings (zh-CN default, en-US switch)
  // ---------------------------------------------------------------------------------------------
  var STRINGS = {
    'zh-CN': {
      title: '运维控制台',
      logout: '退出',
      switchLang: 'English',
      search: '查询',
      all: '全部',
      district: '区',
      agency: '单位',
      none: '无',
      yes: '是',
      no: '否',
      refresh: '刷新',
      'nav.links': '链路',
      'nav.dead': '死信',
      'nav.case': '案件',
      'nav.deadlines': '期限',
      'nav.efficiency': '效能',
      'login.title': '登录',
      'login.hint': '使用 Node-RED 管理账号登录（需要 caselink.read 权限）。',
      'login.username': '用户名',
      'login.password': '密码',
      'login.submit': '登录',
      'login.failed': '用户名或密码错误，或没有 caselink.read 权限。',
      'error.forbidden': '当前用户没有此操作的权限（需要 {permission}）。',
      'error.network': '无法连接平台：{error}',
      'links.title': '链路健康',
      'links.updated': '更新于 {time}',
      'links.legend': '健康：绿色=正常；黄色=有重试、暂停或积压变慢；红色=有死信或停滞。每 2 秒自动刷新。',
      'links.others': '其他目标',
      'links.backlog': '积压',
      'links.retrying': '重试中',
      'links.parked': '暂停',
      'links.dead': '死信',
      'links.delivered': '已投递',
      'links.perHour': '每小时投递',
      'links.oldest': '最早报文',
      'links.latency': '投递耗时 p50/p90',
      'links.badLinks': '故障链路',
      'links.warnLinks': '需关注链路',
      'links.window': '按最近 {window} 估算',
      'links.collecting': '统计中',
      'health.ok': '正常',
      'health.warn': '需关注',
      'health.bad': '故障',
      'health.unknown': '未知',
      'reason.dead': '有死信',
      'reason.stalled': '停滞',
      'reason.retrying': '重试中',
      'reason.parked': '有暂停报文',
      'reason.slow': '积压变慢',
      'reason.unreadable': '无法读取',
      'dead.title': '死信',
      'dead.destination': '目标链路',
      'dead.case': '案件编号',
      'dead.type': '报文类型',
      'dead.deadAt': '进入死信',
      'dead.messageId': '报文编号',
      'dead.reason': '原因',
      'dead.attempts': '尝试次数',
      'dead.lastError': '最后错误',
      'dead.enqueuedAt': '入队时间',
      'dead.sender': '发送方',
      'dead.receiver': '接收方',
      'dead.lane': '本案在该链路',
      'dead.waiting': '其后等待 {n} 条',
      'dead.empty': '没有符合条件的死信。',
      'dead.total': '共 {n} 条',
      'dead.masked': '个人信息已脱敏',
      'dead.revealed': '显示未脱敏个人信息（已审计）',
      'dead.reveal': '显示个人信息',
      'dead.actionReason': '操作原因（必填，将记入审计）',
      'dead.reasonPlaceholder': '例如：法院系统已修复，重新投递',
      'dead.replay': '重新投递',
      'dead.discard': '丢弃',
      'dead.reasonRequired': '请填写操作原因。',
      'dead.replayed': '已重新投递 {id}，操作人 {user}。',
      'dead.discarded': '已丢弃 {id}，操作人 {user}。',
      'dead.revealConfirm': '显示个人信息需要 caselink.write 权限，并将记入审计。',
      'dead.confirmDiscard': '确定永久丢弃该报文？此操作不可撤销。',
      'dead.readOnly': '当前用户只有查看权限；重新投递、丢弃和显示个人信息需要 caselink.write 权限。',
      'dead.message': '报文内容',
      'lane.idle': '空闲',
      'lane.flowing': '正常流转',
      'lane.retry': '重试中',
      'lane.dead': '死信阻塞',
      'audit.title': '操作审计',
      'audit.at': '时间',
      'audit.action': '操作',
      'audit.who': '操作人',
      'audit.why': '原因',
      'audit.empty': '暂无操作记录。',
      'action.replay': '重新投递',
      'action.discard': '丢弃',
      'action.inspect': '查看',
      'action.list': '列表',
      'case.title': '案件查询',
      'case.number': '任一编号',
      'case.placeholder': '统一案件编号、公安案件编号、检察院受案号或法院案号',
      'case.notFound': '未找到该编号对应的案件。',
      'case.numbers': '各系统编号',
      'case.track': '程序',
      'case.custody': '羁押',
      'case.messages': '报文数',
      'case.violations': '异常报文',
      'case.processes': '流程状态',
      'case.clocks': '进行中的期限',
      'case.supervision': '督办',
      'case.lanes': '待投递报文',
      'case.timeline': '时间线',
      'case.closed': '已结束',
      'case.open': '进行中',
      'case.state': '当前状态',
      'case.noClocks': '没有进行中的期限。',
      'case.persons': '当事人',
      'person.id': '编号',
      'person.verdict': '判决结果',
      'person.penalty': '刑罚',
      'person.term': '刑期（月）',
      'person.probation': '缓刑考验期（月）',
      'person.termEnd': '刑期届满',
      'person.branch': '执行去向',
      'person.clocks': '本人期限',
      'person.revised': '二审改判',
      'verdict.CONVICTED': '有罪',
      'verdict.ACQUITTED': '无罪',
      'verdict.EXEMPTED': '免予刑事处罚',
      'branch.PRISON': '监狱',
      'branch.DETENTION_CENTER': '看守所',
      'branch.COMMUNITY_CORRECTIONS': '社区矫正',
      'branch.RELEASE': '释放',
      'branch.FINE': '法院执行财产刑',
      'case.noOrders': '没有督办单。',
      'case.noLanes': '所有报文均已投递。',
      'kind.case': '建档',
      'kind.message': '报文',
      'kind.state': '状态',
      'kind.violation': '违规',
      'kind.clock': '期限',
      'kind.warning': '预警',
      'kind.supervision': '督办',
      'kind.anomaly': '异常',
      'clock.started': '开始',
      'clock.stopped': '结束',
      'clock.restarted': '重新计算',
      'clock.extended': '延长',
      'clock.recomputed': '重算',
      'clock.cancelled': '取消',
      'clock.onTime': '按期',
      'clock.late': '超期',
      'deadlines.title': '办案期限',
      'deadlines.summary': '按区和单位统计',
      'deadlines.running': '进行中',
      'deadlines.items': '预警与超期案件',
      'deadlines.supervision': '督办单（未办结）',
      'deadlines.deadline': '期限届满',
      'deadlines.remaining': '剩余',
      'deadlines.clock': '期限',
      'deadlines.case': '案件',
      'deadlines.order': '督办单',
      'deadlines.opened': '发起时间',
      'deadlines.status': '状态',
      'deadlines.emptyItems': '没有黄色、红色预警或超期的案件。',
      'deadlines.emptyOrders': '没有未办结的督办单。',
      'deadlines.emptySummary': '没有进行中的期限。',
      'deadlines.overdueBy': '已超期 {d}',
      'level.green': '正常',
      'level.yellow': '黄色预警',
      'level.red': '红色预警',
      'level.overdue': '已超期',
      'level.window': '期间',
      'status.OPENED': '已发起',
      'status.EXPLAINED': '已说明',
      'status.CLOSED': '已办结',
      'efficiency.title': '办案效能',
      'efficiency.period': '周期',
      'period.day': '按日',
      'period.week': '按周',
      'period.month': '按月',
      'efficiency.onTime': '按期办结率（全部环节）',
      'efficiency.cycle': '各环节办理用时中位数（天）',
      'efficiency.cycleTable': '各环节用时',
      'efficiency.rates': '其他指标',
      'efficiency.step': '环节',
      'efficiency.count': '件数',
      'efficiency.median': '中位数',
      'efficiency.p90': 'P90',
      'efficiency.onTimeRate': '按期率',
      'efficiency.empty': '所选时间范围内没有已办结的环节。',
      'efficiency.indicator': '指标',
      'efficiency.cases': '符合/总数',
      'efficiency.rate': '比率',
      'rate.fastTrack': '速裁适用率',
      'rate.recommendationAdoption': '量刑建议采纳率',
      'rate.legalAidAssignedInTime': '法律援助按期指派率',
      'rate.executionDocumentsInTime': '执行文书按期送达率',
      'unit.s': '{n} 秒',
      'unit.min': '{n} 分钟',
      'unit.h': '{n} 小时',
      'unit.d': '{n} 天'
    },
    'en-US': {
      title: 'Operator console',
      logout: 'Sign out',
      switchLang: '中文',
      search: 'Search',
      all: 'All',
      district: 'District',
      agency: 'Agency',
      none: 'none',
      yes: 'yes',
      no: 'no',
      refresh: 'Refresh',
      'nav.links': 'Links',
      'nav.dead': 'Dead letters',
      'nav.case': 'Cases',
      'nav.deadlines': 'Deadlines',
      'nav.efficiency': 'Efficiency',
      'login.title': 'Sign in',
      'login.hint': 'Sign in with a Node-RED admin user (needs the caselink.read permission).',
      'login.username': 'User name',
      'login.password': 'Password',
      'login.submit': 'Sign in',
      'login.failed': 'Wrong user name or password, or no caselink.read permission.',
      'error.forbidden': 'Your user may not do this (needs {permission}).',
      'error.network': 'Cannot reach the platform: {error}',
      'links.title': 'Link health',
      'links.updated': 'Updated {time}',
      'links.legend': 'Health: green = flowing; yellow = retrying, parked or slow; red = dead letters or stalled. Refreshes every 2 s.',
      'links.others': 'Other destinations',
      'links.backlog': 'Backlog',
      'links.retrying': 'Retrying',
      'links.parked': 'Parked',
      'links.dead': 'Dead',
      'links.delivered': 'Delivered',
      'links.perHour': 'Delivered / h',
      'links.oldest': 'Oldest message',
      'links.latency': 'Latency p50/p90',
      'links.badLinks': 'Failing links',
      'links.warnLinks': 'Links needing attention',
      'links.window': 'estimated over the last {window}',
      'links.collecting': 'collecting',
      'health.ok': 'healthy',
      'health.warn': 'attention',
      'health.bad': 'failing',
      'health.unknown': 'unknown',
      'reason.dead': 'dead letters',
      'reason.stalled': 'stalled',
      'reason.retrying': 'retrying',
      'reason.parked': 'parked messages',
      'reason.slow': 'slow',
      'reason.unreadable': 'unreadable',
      'dead.title': 'Dead letters',
      'dead.destination': 'Destination',
      'dead.case': 'Case number',
      'dead.type': 'Message type',
      'dead.deadAt': 'Dead since',
      'dead.messageId': 'Message id',
      'dead.reason': 'Reason',
      'dead.attempts': 'Attempts',
      'dead.lastError': 'Last error',
      'dead.enqueuedAt': 'Enqueued',
      'dead.sender': 'Sender',
      'dead.receiver': 'Receiver',
      'dead.lane': 'Case at this link',
      'dead.waiting': '{n} waiting behind',
      'dead.empty': 'No dead letters match.',
      'dead.total': '{n} in total',
      'dead.masked': 'personal data masked',
      'dead.revealed': 'personal data shown (audited)',
      'dead.reveal': 'Show personal data',
      'dead.actionReason': 'Reason (required, written to the audit trail)',
      'dead.reasonPlaceholder': 'e.g. court system fixed, resend',
      'dead.replay': 'Replay',
      'dead.discard': 'Discard',
      'dead.reasonRequired': 'Please give a reason.',
      'dead.replayed': 'Replayed {id} as {user}.',
      'dead.discarded': 'Discarded {id} as {user}.',
      'dead.revealConfirm': 'Showing personal data needs the caselink.write permission and is audited.',
      'dead.confirmDiscard': 'Discard this message for good? This cannot be undone.',
      'dead.readOnly': 'Your user may only look; replay, discard and showing personal data need the caselink.write permission.',
      'dead.message': 'Message',
      'lane.idle': 'idle',
      'lane.flowing': 'flowing',
      'lane.retry': 'retrying',
      'lane.dead': 'blocked by a dead letter',
      'audit.title': 'Audit of operator actions',
      'audit.at': 'Time',
      'audit.action': 'Action',
      'audit.who': 'By',
      'audit.why': 'Reason',
      'audit.empty': 'No operator actions yet.',
      'action.replay': 'replay',
      'action.discard': 'discard',
      'action.inspect': 'inspect',
      'action.list': 'list',
      'case.title': 'Case search',
      'case.number': 'Any number',
      'case.placeholder': 'caseUid, PSB case number, procuratorate or court case number',
      'case.notFound': 'No case is known by this number.',
      'case.numbers': 'Numbers',
      'case.track': 'Track',
      'case.custody': 'In custody',
      'case.messages': 'Messages',
      'case.violations': 'Violations',
      'case.processes': 'Processes',
      'case.clocks': 'Running deadlines',
      'case.supervision': 'Supervision orders',
      'case.lanes': 'Undelivered messages',
      'case.timeline': 'Timeline',
      'case.closed': 'closed',
      'case.open': 'open',
      'case.state': 'State',
      'case.noClocks': 'No running deadlines.',
      'case.persons': 'Persons',
      'person.id': 'Id',
      'person.verdict': 'Verdict',
      'person.penalty': 'Penalty',
      'person.term': 'Term (months)',
      'person.probation': 'Probation (months)',
      'person.termEnd': 'Term ends',
      'person.branch': 'Executed by',
      'person.clocks': 'Own deadlines',
      'person.revised': 'revised on appeal',
      'verdict.CONVICTED': 'convicted',
      'verdict.ACQUITTED': 'acquitted',
      'verdict.EXEMPTED': 'exempted from punishment',
      'branch.PRISON': 'prison',
      'branch.DETENTION_CENTER': 'detention centre',
      'branch.COMMUNITY_CORRECTIONS': 'community corrections',
      'branch.RELEASE': 'release',
      'branch.FINE': 'court (fine, confiscation)',
      'case.noOrders': 'No supervision orders.',
      'case.noLanes': 'Every message is delivered.',
      'kind.case': 'opened',
      'kind.message': 'message',
      'kind.state': 'state',
      'kind.violation': 'violation',
      'kind.clock': 'deadline',
      'kind.warning': 'warning',
      'kind.supervision': 'supervision',
      'kind.anomaly': 'anomaly',
      'clock.started': 'started',
      'clock.stopped': 'stopped',
      'clock.restarted': 'restarted',
      'clock.extended': 'extended',
      'clock.recomputed': 'recomputed',
      'clock.cancelled': 'cancelled',
      'clock.onTime': 'on time',
      'clock.late': 'late',
      'deadlines.title': 'Deadlines',
      'deadlines.summary': 'By district and agency',
      'deadlines.running': 'Running',
      'deadlines.items': 'Cases about to miss or past a deadline',
      'deadlines.supervision': 'Open supervision orders',
      'deadlines.deadline': 'Deadline',
      'deadlines.remaining': 'Left',
      'deadlines.clock': 'Step',
      'deadlines.case': 'Case',
      'deadlines.order': 'Order',
      'deadlines.opened': 'Opened',
      'deadlines.status': 'Status',
      'deadlines.emptyItems': 'No case is yellow, red or overdue.',
      'deadlines.emptyOrders': 'No open supervision orders.',
      'deadlines.emptySummary': 'No running deadlines.',
      'deadlines.overdueBy': '{d} overdue',
      'level.green': 'green',
      'level.yellow': 'yellow',
      'level.red': 'red',
      'level.overdue': 'overdue',
      'level.window': 'window',
      'status.OPENED': 'opened',
      'status.EXPLAINED': 'explained',
      'status.CLOSED': 'closed',
      'efficiency.title': 'Efficiency',
      'efficiency.period': 'Period',
      'period.day': 'Daily',
      'period.week': 'Weekly',
      'period.month': 'Monthly',
      'efficiency.onTime': 'On-time rate (all steps)',
      'efficiency.cycle': 'Median cycle time per step (days)',
      'efficiency.cycleTable': 'Cycle time per step',
      'efficiency.rates': 'Other indicators',
      'efficiency.step': 'Step',
      'efficiency.count': 'Count',
      'efficiency.median': 'Median',
      'efficiency.p90': 'P90',
      'efficiency.onTimeRate': 'On time',
      'efficiency.empty': 'No step closed in this range.',
      'efficiency.indicator': 'Indicator',
      'efficiency.cases': 'Met / all',
      'efficiency.rate': 'Rate',
      'rate.fastTrack': 'Fast-track rate',
      'rate.recommendationAdoption': 'Recommendation adoption',
      'rate.legalAidAssignedInTime': 'Legal aid assigned in time',
      'rate.executionDocumentsInTime': 'Execution documents in time',
      'unit.s': '{n} s',
      'unit.min': '{n} min',
      'unit.h': '{n} h',
      'unit.d': '{n} d'
    }
  };

  var LANG_KEY = 'caselink-console-lang';
  var TOKEN_KEY = 'caselink-console-token';
  var SYSTEMS = ['psb', 'procuratorate', 'court', 'justice'];
  var DISTRICTS = ['440105', '440111', '440112', '440115'];
  var SERIES_COLORS = ['#8f0000', '#1f6fb2', '#2f8f46', '#d08700', '#6a4c93', '#00838f'];

  var state = {
    lang: localStorage.getItem(LANG_KEY) === 'en-US' ? 'en-US' : 'zh-CN',
    token: null,
    tokenOwn: false,
    session: null,
    labels: null,
    view: null,
    timer: null,
    links: null,
    dead: { selected: null },
    lastCase: null,
    authRequired: true
  };

  function t(key, vars) {
    var text = STRINGS[state.lang][key];
    if (text === undefined) text = STRINGS['zh-CN'][key];
    if (text === undefined) return key;
    return text.replace(/\{(\w+)\}/g, function (_, name) {
      return vars && vars[name] !== undefined ? String(vars[name]) : '';
    });
  }

  /** A code's name from the labels the API sends (the standard's code tables). */
  function label(table, code) {
    var entry = state.labels && state.labels[table] && state.labels[table][code];
    if (!entry) return code;
    return state.lang === 'en-US' ? entry.en : entry.zh;
  }

  // ---------------------------------------------------------------------------------------------
  // DOM helpers (text only: nothing from the API is ever parsed as HTML)
  // ---------------------------------------------------------------------------------------------
  var SVG_NS = 'http://www.w3.org/2000/svg';

  function h(tag, attrs) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    appendChildren(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }

  function s(tag, attrs) {
    var el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    appendChildren(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }

  function setAttrs(el, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'class') el.setAttribute('class', value);
      else if (key === 'text') el.textContent = value;
      else if (key === 'style') el.style.cssText = value; // CSSOM: allowed by the page's CSP, a style attribute is not
      else if (key.indexOf('on') === 0 && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    });
  }

  function appendChildren(el, children) {
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) appendChildren(el, child);
      else if (typeof child === 'string' || typeof child === 'number') el.appendChild(document.createTextNode(String(child)));
      else el.appendChild(child);
    });
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function table(headers, rows, options) {
    options = options || {};
    return h('table', { class: 'grid', 'data-testid': options.testid },
      h('thead', null, h('tr', null, headers.map(function (head) {
        return h('th', { class: head.num ? 'num' : null }, head.text);
      }))),
      h('tbody', null, rows));
  }

  function empty(text) {
    return h('div', { class: 'empty' }, text);
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting (times in Beijing time)
  // ---------------------------------------------------------------------------------------------
  var dateTimeFormat = {};
  function formatTime(ms) {
    if (ms === null || ms === undefined || ms === '') return '-';
    var date = typeof ms === 'string' ? new Date(ms) : new Date(Number(ms));
    if (isNaN(date.getTime())) return String(ms);
    var fmt = dateTimeFormat[state.lang];
    if (!fmt) {
      fmt = new Intl.DateTimeFormat(state.lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
      dateTimeFormat[state.lang] = fmt;
    }
    return fmt.format(date);
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '-';
    var abs = Math.abs(ms);
    if (abs < 60000) return t('unit.s', { n: Math.round(abs / 1000) });
    if (abs < 3600000) return t('unit.min', { n: Math.round(abs / 60000) });
    if (abs < 2 * 86400000) return t('unit.h', { n: (abs / 3600000).toFixed(1).replace(/\.0$/, '') });
    return t('unit.d', { n: (abs / 86400000).toFixed(1).replace(/\.0$/, '') });
  }

  function percent(rate) {
    if (rate === null || rate === undefined || isNaN(rate)) return '-';
    return (rate * 100).toFixed(1).replace(/\.0$/, '') + '%';
  }

  function days(seconds) {
    if (seconds === null || seconds === undefined) return '-';
    return (seconds / 86400).toFixed(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Session and API
  // ---------------------------------------------------------------------------------------------
  var adminRoot = location.pathname.replace(/caselink\/console\/.*$/, '');
  var apiRoot = adminRoot + 'caselink/api/';
  /** The Node-RED editor keeps its token under this key (per admin root). */
  var editorTokenKey = 'auth-tokens' + adminRoot.slice(0, -1).replace(/\//g, '-');

  var IGNORE_EDITOR_KEY = 'caselink-console-ignore-editor-token';

  /** This page's own token, else the editor's (same origin, same users) unless signed out here. */
  function storedToken() {
    try {
      var own = sessionStorage.getItem(TOKEN_KEY);
      if (own) return { token: own, own: true };
      if (sessionStorage.getItem(IGNORE_EDITOR_KEY)) return null;
      var editor = JSON.parse(localStorage.getItem(editorTokenKey) || 'null');
      return editor && editor.access_token ? { token: editor.access_token, own: false } : null;
    } catch (e) {
      return null;
    }
  }

  function ApiError(status, message, code) {
    this.status = status;
    this.message = message;
    this.code = code;
  }

  function api(path, options) {
    options = options || {};
    var headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    var init = { method: options.method || 'GET', headers: headers, cache: 'no-store', credentials: 'same-origin' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    return fetch(apiRoot + path, init).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch (e) {
          body = null;
        }
        if (response.status === 401 && !options.permission) {
          showLogin();
          throw new ApiError(401, t('login.failed'));
        }
        if (response.status === 401 || response.status === 403) {
          throw new ApiError(response.status, t('error.forbidden', { permission: options.permission || 'caselink.read' }));
        }
        if (!response.ok) throw new ApiError(response.status, (body && body.error) || response.statusText, body && body.code);
        return body;
      });
    }, function (err) {
      throw new ApiError(0, t('error.network', { error: err.message }));
    });
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value !== undefined && value !== null && value !== '') parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(value));
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function banner(text, kind) {
    var el = $('banner');
    if (!text) {
      el.hidden = true;
      return;
    }
    el.textContent = text;
    el.className = 'banner' + (kind === 'info' ? ' info' : '');
    el.hidden = false;
  }

  function showLogin() {
    stopTimer();
    state.session = null;
    $('nav').hidden = true;
    $('logout').hidden = true;
    $('user').textContent = '';
    Array.prototype.forEach.call(document.querySelectorAll('.view'), function (v) { v.hidden = true; });
    $('login').hidden = false;
    $('login-username').focus();
  }

  function login(event) {
    event.preventDefault();
    var body = new URLSearchParams();
    body.set('client_id', 'node-red-editor');
    body.set('grant_type', 'password');
    body.set('scope', '');
    body.set('username', $('login-username').value);
    body.set('password', $('login-password').value);
    $('login-error').hidden = true;
    fetch(adminRoot + 'auth/token', { method: 'POST', body: body, headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('refused');
        return response.json();
      })
      .then(function (data) {
        state.token = data.access_token;
        state.tokenOwn = true;
        sessionStorage.setItem(TOKEN_KEY, state.token);
        sessionStorage.removeItem(IGNORE_EDITOR_KEY);
        $('login-password').value = '';
        return start();
      })
      .catch(function () {
        $('login-error').textContent = t('login.failed');
        $('login-error').hidden = false;
      });
  }

  function logout() {
    var token = state.token;
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    if (!state.tokenOwn) {
      // The editor's session: leave it alone, but stop using it here.
      sessionStorage.setItem(IGNORE_EDITOR_KEY, '1');
    } else if (token) {
      var body = new URLSearchParams();
      body.set('token', token);
      fetch(adminRoot + 'auth/revoke', { method: 'POST', body: body, headers: { Authorization: 'Bearer ' + token } }).catch(function () {});
    }
    showLogin();
  }

  function start() {
    return api('session').then(function (session) {
      state.session = session;
      return api('labels');
    }).then(function (labels) {
      state.labels = labels;
      $('login').hidden = true;
      $('nav').hidden = false;
      $('logout').hidden = !state.authRequired;
      $('user').textContent = state.session.user;
      fillSelects();
      route();
    }).catch(function (err) {
      if (err && err.status !== 401) banner(err.message);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Language
  // ---------------------------------------------------------------------------------------------
  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.title = 'CaseLink ' + t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      el.textContent = t(el.getAttribute('data-i18n'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-placeholder]'), function (el) {
      el.setAttribute('placeholder', t(el.getAttribute('data-i18n-placeholder')));
    });
    var button = $('lang');
    button.textContent = t('switchLang');
    button.setAttribute('lang', state.lang === 'zh-CN' ? 'en' : 'zh-CN');
  }

  function switchLanguage() {
    state.lang = state.lang === 'zh-CN' ? 'en-US' : 'zh-CN';
    localStorage.setItem(LANG_KEY, state.lang);
    applyLanguage();
    if (state.session) {
      fillSelects();
      route(true);
    }
  }

  function option(value, text, selected) {
    return h('option', { value: value, selected: selected }, text);
  }

  function fillSelect(select, entries, keep) {
    var current = keep ? select.value : '';
    clear(select);
    select.appendChild(option('', t('all')));
    entries.forEach(function (entry) {
      select.appendChild(option(entry[0], entry[1], entry[0] === current));
    });
  }

  function fillSelects() {
    var destinations = [];
    DISTRICTS.forEach(function (division) {
      SYSTEMS.forEach(function (kind) {
        destinations.push([kind + '-' + division, label('divisions', division) + ' · ' + label('systems', kind) + ' (' + kind + '-' + division + ')']);
      });
    });
    fillSelect($('dead-destination'), destinations, true);
    var types = Object.keys(state.labels.messageTypes).map(function (type) {
      return [type, label('messageTypes', type) + ' ' + type];
    });
    fillSelect($('dead-type'), types, true);
    var districts = DISTRICTS.map(function (d) { return [d, label('divisions', d) + ' ' + d]; });
    fillSelect($('deadlines-district'), districts, true);
    fillSelect($('efficiency-district'), districts, true);
    var agencies = Object.keys(state.labels.agencies).map(function (a) { return [a, label('agencies', a)]; });
    fillSelect($('deadlines-agency'), agencies, true);
    var period = $('efficiency-period');
    var currentPeriod = period.value || 'day';
    clear(period);
    ['day', 'week', 'month'].forEach(function (p) {
      period.appendChild(option(p, t('period.' + p), p === currentPeriod));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Routing
  // ---------------------------------------------------------------------------------------------
  var VIEWS = {
    links: showLinks,
    dead: showDeadLetters,
    case: showCase,
    deadlines: showDeadlines,
    efficiency: showEfficiency
  };

  function stopTimer() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
  }

  function every(ms, fn) {
    stopTimer();
    state.timer = setInterval(fn, ms);
  }

  function route(force) {
    if (!state.session) return;
    var hash = location.hash.replace(/^#/, '');
    var name = hash.split('/')[0] || 'links';
    if (!VIEWS[name]) name = 'links';
    var arg = hash.indexOf('/') >= 0 ? decodeURIComponent(hash.slice(hash.indexOf('/') + 1)) : '';
    stopTimer();
    banner(null);
    Array.prototype.forEach.call(document.querySelectorAll('.view'), function (v) {
      v.hidden = v.id !== 'view-' + name;
    });
    Array.prototype.forEach.call(document.querySelectorAll('#nav a'), function (a) {
      a.classList.toggle('active', a.getAttribute('data-view') === name);
    });
    state.view = name;
    VIEWS[name](arg, force);
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Links
  // ---------------------------------------------------------------------------------------------
  function showLinks() {
    loadLinks();
    every(2000, loadLinks);
  }

  function loadLinks() {
    return api('links').then(function (view) {
      state.links = view;
      renderLinks(view);
    }).catch(function (err) {
      if (err.status !== 401) banner(err.message);
    });
  }

  function stat(value, text, testid, alert) {
    return h('div', { class: 'stat', 'data-testid': testid },
      h('div', { class: 'value' + (alert ? ' error' : '') }, value),
      h('div', { class: 'label' }, text));
  }

  function linkCard(link) {
    var reasons = (link.reasons || []).map(function (r) { return t('reason.' + r); }).join('，');
    var perHourTitle = link.rateWindowMs ? t('links.window', { window: duration(link.rateWindowMs) }) : '';
    function row(key, value, alert, title) {
      return [h('dt', null, t('links.' + key)), h('dd', { 'data-field': key, class: alert ? 'alert' : null, title: title }, value)];
    }
    return h('div', { class: 'link-card ' + link.health, 'data-destination': link.destination, 'data-health': link.health },
      h('div', { class: 'head' },
        h('span', { class: 'health ' + link.health }, '● ' + t('health.' + link.health)),
        h('span', { class: 'dest' }, link.destination)),
      h('dl', null,
        row('backlog', link.backlog),
        row('retrying', link.retrying, link.retrying > 0),
        row('parked', link.parked, link.parked > 0),
        row('dead', link.dead, link.dead > 0),
        row('perHour', link.deliveredPerHour === null ? t('links.collecting') : link.deliveredPerHour, false, perHourTitle),
        row('delivered', link.delivered),
        row('oldest', link.oldestAgeMs === null ? '-' : duration(link.oldestAgeMs))),
      reasons ? h('div', { class: 'reasons' }, reasons) : null,
      link.error ? h('div', { class: 'reasons error' }, link.error) : null);
  }

  function renderLinks(view) {
    $('links-updated').textContent = t('links.updated', { time: formatTime(view.at) });
    var totals = view.totals;
    clear($('links-totals')).append(
      stat(totals.backlog, t('links.backlog'), 'total-backlog'),
      stat(totals.retrying, t('links.retrying'), 'total-retrying', totals.retrying > 0),
      stat(totals.parked, t('links.parked'), 'total-parked', totals.parked > 0),
      stat(totals.dead, t('links.dead'), 'total-dead', totals.dead > 0),
      stat(totals.deliveredPerHour === null ? t('links.collecting') : totals.deliveredPerHour, t('links.perHour'), 'total-per-hour'),
      stat(totals.delivered, t('links.delivered'), 'total-delivered'),
      stat(totals.bad, t('links.badLinks'), 'total-bad', totals.bad > 0),
      stat(totals.warn, t('links.warnLinks'), 'total-warn'));
    var grid = clear($('links-grid'));
    var byId = {};
    view.links.forEach(function (link) { byId[link.destination] = link; });
    grid.appendChild(h('div', { class: 'colhead' }));
    SYSTEMS.forEach(function (kind) { grid.appendChild(h('div', { class: 'colhead' }, label('systems', kind))); });
    DISTRICTS.forEach(function (division) {
      grid.appendChild(h('div', { class: 'rowhead' }, label('divisions', division)));
      SYSTEMS.forEach(function (kind) {
        var link = byId[kind + '-' + division];
        grid.appendChild(link ? linkCard(link) : h('div', { class: 'link-card unknown' }, kind + '-' + division));
      });
    });
    var others = clear($('links-others'));
    if (view.others.length) {
      others.appendChild(h('h2', null, t('links.others')));
      others.appendChild(h('div', { class: 'links-grid', style: 'grid-template-columns: repeat(4, 1fr)' }, view.others.map(linkCard)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 2. Dead letters
  // ---------------------------------------------------------------------------------------------
  function showDeadLetters(arg, force) {
    if (!force || !state.dead.list) loadDeadLetters();
    else renderDeadList(state.dead.list);
    loadAudit();
    if (state.dead.detail) renderDeadDetail(state.dead.detail);
  }

  function deadFilter() {
    return {
      destination: $('dead-destination').value,
      case: $('dead-case').value.trim(),
      type: $('dead-type').value
    };
  }

  function loadDeadLetters() {
    return api('dead-letters' + query(deadFilter())).then(function (list) {
      state.dead.list = list;
      renderDeadList(list);
    }).catch(function (err) {
      if (err.status !== 401) banner(err.message);
    });
  }

  function renderDeadList(list) {
    var box = clear($('dead-list'));
    if (!list.items.length) {
      box.appendChild(empty(t('dead.empty')));
      return;
    }
    box.appendChild(h('p', { class: 'muted small' }, t('dead.total', { n: list.total })));
    var rows = list.items.map(function (item) {
      var selected = state.dead.selected && state.dead.selected.messageId === item.messageId && state.dead.selected.destination === item.destination;
      return h('tr', {
        class: 'clickable' + (selected ? ' selected' : ''),
        'data-message-id': item.messageId,
        'data-destination': item.destination,
        onclick: function () { openDeadLetter(item.destination, item.messageId); }
      },
        h('td', null, formatTime(item.deadAt)),
        h('td', { class: 'mono' }, item.destination),
        h('td', null, item.messageType ? label('messageTypes', item.messageType) : '-'),
        h('td', { class: 'mono' }, item.caseUid || item.orderKey),
        h('td', { class: 'mono' }, item.messageId),
        h('td', null, item.reason),
        h('td', { class: 'num' }, item.attempts));
    });
    box.appendChild(table([
      { text: t('dead.deadAt') }, { text: t('dead.destination') }, { text: t('dead.type') }, { text: t('dead.case') },
      { text: t('dead.messageId') }, { text: t('dead.reason') }, { text: t('dead.attempts'), num: true }
    ], rows, { testid: 'dead-table' }));
  }

  function openDeadLetter(destination, messageId) {
    state.dead.selected = { destination: destination, messageId: messageId };
    return api('dead-letters/' + encodeURIComponent(destination) + '/' + encodeURIComponent(messageId)).then(function (detail) {
      state.dead.detail = detail;
      renderDeadDetail(detail);
      if (state.dead.list) renderDeadList(state.dead.list);
      loadAudit();
    }).catch(function (err) {
      if (err.status !== 401) banner(err.message);
    });
  }

  function kv(pairs) {
    return h('dl', { class: 'kv' }, pairs.map(function (pair) {
      return [h('dt', null, pair[0]), h('dd', { class: pair[2] || null }, pair[1])];
    }));
  }

  function renderDeadDetail(detail) {
    var box = clear($('dead-detail'));
    var canWrite = state.session && state.session.canWrite;
    var reason = h('textarea', { id: 'action-reason', placeholder: t('dead.reasonPlaceholder'), maxlength: 500 });
    var result = h('p', { id: 'action-result', class: 'muted', role: 'status' });
    function run(action) {
      var why = reason.value.trim();
      if (!why) {
        result.className = 'error';
        result.textContent = t('dead.reasonRequired');
        reason.focus();
        return;
      }
      if (action === 'discard' && !window.confirm(t('dead.confirmDiscard'))) return;
      var path = 'dead-letters/' + encodeURIComponent(detail.destination) + '/' + encodeURIComponent(detail.messageId) + '/' + action;
      api(path, { method: 'POST', body: { reason: why }, permission: 'caselink.write' }).then(function (done) {
        result.className = 'ok';
        result.textContent = t(action === 'replay' ? 'dead.replayed' : 'dead.discarded', { id: done.messageId, user: done.by });
        banner(result.textContent, 'info');
        state.dead.detail = null;
        state.dead.selected = null;
        clear(box);
        loadDeadLetters();
        loadAudit();
      }).catch(function (err) {
        result.className = 'error';
        result.textContent = err.message;
      });
    }
    function reveal() {
      var why = reason.value.trim();
      if (!why) {
        result.className = 'error';
        result.textContent = t('dead.reasonRequired');
        reason.focus();
        return;
      }
      var path = 'dead-letters/' + encodeURIComponent(detail.destination) + '/' + encodeURIComponent(detail.messageId) + '/reveal';
      api(path, { method: 'POST', body: { reason: why }, permission: 'caselink.write' }).then(function (revealed) {
        state.dead.detail = revealed;
        renderDeadDetail(revealed);
        loadAudit();
      }).catch(function (err) {
        result.className = 'error';
        result.textContent = err.message;
      });
    }
    var lane = detail.lane;
    box.appendChild(h('div', { class: 'panel detail', 'data-testid': 'dead-detail', 'data-message-id': detail.messageId },
      h('h3', null, detail.messageType ? label('messageTypes', detail.messageType) + ' · ' : '', h('span', { class: 'mono' }, detail.messageId)),
      kv([
        [t('dead.destination'), detail.destination, 'mono'],
        [t('dead.case'), detail.caseUid || detail.orderKey, 'mono'],
        [t('dead.sender'), detail.sender || '-'],
        [t('dead.receiver'), detail.receiver || '-'],
        [t('dead.reason'), detail.reason],
        [t('dead.lastError'), detail.lastError || '-'],
        [t('dead.attempts'), String(detail.attempts)],
        [t('dead.enqueuedAt'), formatTime(detail.enqueuedAt)],
        [t('dead.deadAt'), formatTime(detail.deadAt)],
        [t('dead.lane'), t('lane.' + lane.state) + (lane.waiting.length ? '，' + t('dead.waiting', { n: lane.waiting.length }) : '')]
      ]),
      h('div', null,
        h('strong', null, t('dead.message')), ' ',
        h('span', { class: detail.masked ? 'masked-note' : 'revealed-note', 'data-testid': 'mask-state' }, t(detail.masked ? 'dead.masked' : 'dead.revealed'))),
      h('pre', { 'data-testid': 'dead-message' }, JSON.stringify(detail.message, null, 2)),
      canWrite ? null : h('p', { class: 'muted small' }, t('dead.readOnly')),
      h('div', { class: 'actions' },
        h('label', { class: 'reason' }, h('div', { class: 'small muted' }, t('dead.actionReason')), reason),
        h('button', { type: 'button', class: 'primary', id: 'action-replay', disabled: !canWrite, onclick: function () { run('replay'); } }, t('dead.replay')),
        h('button', { type: 'button', class: 'danger', id: 'action-discard', disabled: !canWrite, onclick: function () { run('discard'); } }, t('dead.discard')),
        detail.masked ? h('button', { type: 'button', class: 'secondary', id: 'action-reveal', disabled: !canWrite, title: t('dead.revealConfirm'), onclick: reveal }, t('dead.reveal')) : null),
      result));
  }

  function loadAudit() {
    return api('audit' + query({ limit: 50 })).then(function (entries) {
      var box = clear($('dead-audit'));
      if (!entries.length) {
        box.appendChild(empty(t('audit.empty')));
        return;
      }
      box.appendChild(table([
        { text: t('audit.at') }, { text: t('audit.action') }, { text: t('audit.who') }, { text: t('audit.why') },
        { text: t('dead.destination') }, { text: t('dead.messageId') }
      ], entries.map(function (e) {
        return h('tr', { 'data-action': e.action },
          h('td', null, formatTime(e.at)),
          h('td', null, t('action.' + e.action) === 'action.' + e.action ? e.action : t('action.' + e.action)),
          h('td', null, e.who),
          h('td', null, e.why),
          h('td', { class: 'mono' }, e.destination),
          h('td', { class: 'mono' }, e.messageId || e.orderKey || ''));
      }), { testid: 'audit-table' }));
    }).catch(function (err) {
      if (err.status !== 401) banner(err.message);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // 3. Case search, timeline and process diagrams
  // ---------------------------------------------------------------------------------------------
  function showCase(arg, force) {
    if (arg) {
      $('case-number').value = arg;
      loadCase(arg);
    } else if (force && state.lastCase) {
      renderCase(state.lastCase);
    } else {
      $('case-number').focus();
    }
  }

  function loadCase(number) {
    var box = clear($('case-result'));
    return api('case' + query({ number: number })).then(function (view) {
      state.lastCase = view;
      renderCase(view);
    }).catch(function (err) {
      if (err.status === 404) box.appendChild(empty(t('case.notFound')));
      else if (err.status !== 401) banner(err.message);
    });
  }

  var NODE_W = 136;
  var NODE_H = 30;
  var COL_W = 176;
  var ROW_H = 46;
  var PAD = 16;

  function nodeBox(node) {
    return { x: PAD + node.layer * COL_W, y: PAD + node.row * ROW_H };
  }

  function diagram(d) {
    var rows = 1;
    var byId = {};
    d.nodes.forEach(function (n) {
      rows = Math.max(rows, n.row + 1);
      byId[n.id] = n;
    });
    var width = PAD * 2 + (d.layers - 1) * COL_W + NODE_W;
    var height = PAD * 2 + (rows - 1) * ROW_H + NODE_H + 24;
    var marker = 'arrow-' + d.process;
    var markerTaken = 'arrow-taken-' + d.process;
    var svg = s('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': d.process },
      s('defs', null,
        s('marker', { id: marker, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
          s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#b0b6bf' })),
        s('marker', { id: markerTaken, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
          s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8f0000' }))));
    d.edges.forEach(function (edge) {
      var from = byId[edge.from];
      var to = byId[edge.to];
      if (!from || !to) return;
      var a = nodeBox(from);
      var b = nodeBox(to);
      var isStart = from.id === '●';
      var path;
      if (to.layer > from.layer) {
        var x1 = isStart ? a.x + 12 : a.x + NODE_W;
        var y1 = a.y + NODE_H / 2;
        var x2 = b.x;
        var y2 = b.y + NODE_H / 2;
        var mx = (x1 + x2) / 2;
        path = 'M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + x2 + ',' + y2;
      } else {
        // Back or same-column edge: loop below both boxes.
        var sx = a.x + NODE_W / 2;
        var sy = a.y + NODE_H;
        var tx = b.x + NODE_W / 2;
        var ty = b.y + NODE_H;
        var dip = Math.max(sy, ty) + 18 + Math.abs(from.layer - to.layer) * 3;
        path = 'M' + sx + ',' + sy + ' C' + sx + ',' + dip + ' ' + tx + ',' + dip + ' ' + tx + ',' + ty;
      }
      svg.appendChild(s('path', { class: 'edge' + (edge.taken ? ' taken' : ''), d: path, 'marker-end': 'url(#' + (edge.taken ? markerTaken : marker) + ')' },
        s('title', null, edge.from + ' → ' + edge.to + '：' + edge.on.map(function (on) { return label('messageTypes', on) + ' ' + on; }).join('；'))));
    });
    d.nodes.forEach(function (node) {
      var box = nodeBox(node);
      if (node.id === '●') {
        svg.appendChild(s('circle', { class: 'start', cx: box.x + 6, cy: box.y + NODE_H / 2, r: 6 }));
        return;
      }
      var cls = 'node' + (node.current ? ' current' : node.visited ? ' visited' : '') + (node.terminal ? ' terminal' : '');
      svg.appendChild(s('g', { class: cls, 'data-state': node.id, 'data-current': node.current ? 'true' : null },
        s('rect', { x: box.x, y: box.y, width: NODE_W, height: NODE_H, rx: node.terminal ? 14 : 4 }),
        s('text', { x: box.x + NODE_W / 2, y: box.y + NODE_H / 2 + 4, 'text-anchor': 'middle' }, node.id),
        s('title', null, node.id + (node.terminal ? ' (terminal)' : ''))));
    });
    return h('div', { class: 'diagram' }, svg);
  }

  function levelChip(level, kind) {
    var shown = kind === 'WINDOW' ? 'window' : level;
    return h('span', { class: 'level ' + shown, 'data-level': level }, t('level.' + shown));
  }

  function timelineText(e) {
    switch (e.kind) {
      case 'case':
        return [e.caseUid, ' · ', label('divisions', e.district), ' · ', e.how];
      case 'message':
        return [h('span', { class: 'tag' }, label('processes', e.process)), label('messageTypes', e.messageType), ' ', e.from, ' → ', e.to, ' ', h('span', { class: 'mono muted' }, e.messageId)];
      case 'state':
        return [h('span', { class: 'tag' }, label('processes', e.process)), (e.from || '●') + ' → ' + (e.to || '-'), e.via && e.via.length ? ' (via ' + e.via.join(', ') + ')' : ''];
      case 'violation':
        return [h('span', { class: 'tag' }, e.messageType), e.violation && e.violation.reason];
      case 'clock':
        return [h('span', { class: 'tag' }, e.clock), label('clocks', e.clock.split('@')[0]), ' ', t('clock.' + e.action),
          e.deadline ? ' · ' + t('deadlines.deadline') + ' ' + formatTime(e.deadline) : '',
          e.onTime === true ? ' · ' + t('clock.onTime') : e.onTime === false ? ' · ' + t('clock.late') : ''];
      case 'warning':
        return [levelChip(e.level), ' ', h('span', { class: 'tag' }, e.clock), label('clocks', e.clock.split('@')[0]), ' · ', label('agencies', e.agency), ' · ', formatTime(e.deadline)];
      case 'supervision':
        return [h('span', { class: 'tag' }, t('status.' + e.action)), e.orderId, e.by ? ' · ' + e.by : '', e.text ? ' · ' + e.text : ''];
      case 'anomaly':
        return [e.anomaly && e.anomaly.reason];
      default:
        return [JSON.stringify(e)];
    }
  }

  function renderCase(view) {
    var box = clear($('case-result'));
    box.appendChild(h('div', { class: 'panel', 'data-testid': 'case-head', 'data-case-uid': view.caseUid },
      h('div', { class: 'case-head' },
        h('div', null, h('div', { class: 'muted small' }, 'caseUid'), h('div', { class: 'big mono' }, view.caseUid)),
        h('div', null, h('div', { class: 'muted small' }, t('district')), h('div', null, label('divisions', view.district))),
        h('div', null, h('div', { class: 'muted small' }, t('case.track')), h('div', null, view.track)),
        h('div', null, h('div', { class: 'muted small' }, t('case.custody')), h('div', null, view.inCustody ? t('yes') : t('no'))),
        h('div', null, h('div', { class: 'muted small' }, t('case.messages')), h('div', null, String(view.counts.messages))),
        h('div', null, h('div', { class: 'muted small' }, t('case.violations')), h('div', null, String(view.counts.violations)))),
      h('div', { style: 'margin-top: 8px' }, h('span', { class: 'muted small' }, t('case.numbers') + '：'),
        view.numbers.map(function (n) { return h('span', { class: 'tag', title: n.system }, label('agencies', n.system) + ' ' + n.number); }))));

    box.appendChild(h('h2', null, t('case.processes')));
    box.appendChild(h('div', { class: 'processes' }, view.processes.map(function (p) {
      return h('div', { class: 'panel process-card', 'data-process': p.key, 'data-state': p.state },
        h('h3', null, label('processes', p.process), ' ', h('span', { class: 'muted small' }, p.key),
          h('span', { class: 'state level ' + (p.closed ? 'green' : 'yellow') }, t('case.state') + ' ' + p.state + ' · ' + t(p.closed ? 'case.closed' : 'case.open'))),
        diagram(p.diagram));
    })));

    box.appendChild(h('h2', null, t('case.clocks')));
    box.appendChild(view.clocks.length ? table([
      { text: t('deadlines.clock') }, { text: t('agency') }, { text: '' }, { text: t('deadlines.deadline') }, { text: t('deadlines.remaining') }
    ], view.clocks.map(function (c) {
      return h('tr', { 'data-clock': c.key },
        h('td', null, h('span', { class: 'tag' }, c.key), label('clocks', c.clock)),
        h('td', null, label('agencies', c.agency)),
        h('td', null, levelChip(c.level, c.kind)),
        h('td', null, formatTime(c.deadline)),
        h('td', null, c.remainingMs < 0 ? t('deadlines.overdueBy', { d: duration(-c.remainingMs) }) : duration(c.remainingMs)));
    })) : empty(t('case.noClocks')));

    // Standard 1.1: each defendant of a case with several, as the trial (and an appeal) decided.
    if (view.persons && view.persons.length) {
      box.appendChild(h('h2', null, t('case.persons')));
      box.appendChild(table([
        { text: t('person.id') }, { text: t('person.verdict') }, { text: t('person.penalty') }, { text: t('person.term') },
        { text: t('person.probation') }, { text: t('person.termEnd') }, { text: t('person.branch') }, { text: t('person.clocks') }
      ], view.persons.map(function (p) {
        var penalty = p.penaltyLabel ? (state.lang === 'en-US' ? p.penaltyLabel.en : p.penaltyLabel.zh) : '';
        return h('tr', { 'data-person': p.personId },
          h('td', { class: 'mono' }, p.personId),
          h('td', null, p.verdict ? t('verdict.' + p.verdict) : ''),
          h('td', null, penalty, p.revised ? h('span', { class: 'muted small' }, ' · ' + t('person.revised')) : ''),
          h('td', null, p.termMonths === undefined ? '' : String(p.termMonths)),
          h('td', null, p.probationMonths === undefined ? '' : String(p.probationMonths)),
          h('td', null, p.termEnd || ''),
          h('td', null, p.branch ? t('branch.' + p.branch) : ''),
          h('td', null, p.clocks.map(function (key) { return h('span', { class: 'tag' }, key); })));
      })));
    }

    box.appendChild(h('h2', null, t('case.supervision')));
    box.appendChild(view.supervision.length ? supervisionTable(view.supervision) : empty(t('case.noOrders')));

    box.appendChild(h('h2', null, t('case.lanes')));
    box.appendChild(view.lanes.length ? table([{ text: t('dead.destination') }, { text: t('dead.lane') }, { text: t('dead.messageId') }],
      view.lanes.map(function (lane) {
        return h('tr', null, h('td', { class: 'mono' }, lane.destination), h('td', null, t('lane.' + lane.state)),
          h('td', { class: 'mono' }, [lane.head].concat(lane.waiting).join(', ')));
      })) : empty(t('case.noLanes')));

    box.appendChild(h('h2', null, t('case.timeline')));
    box.appendChild(h('div', { class: 'panel' }, h('ul', { class: 'timeline', 'data-testid': 'timeline' }, view.timeline.map(function (e) {
      return h('li', { 'data-kind': e.kind }, h('span', { class: 'muted' }, formatTime(e.at)), h('span', { class: 'kind' }, t('kind.' + e.kind)), h('span', null, timelineText(e)));
    }))));
  }

  function caseLink(uid) {
    return h('a', { class: 'case-link mono', href: '#case/' + encodeURIComponent(uid) }, uid);
  }

  function supervisionTable(orders) {
    return table([
      { text: t('deadlines.order') }, { text: t('deadlines.case') }, { text: t('deadlines.clock') }, { text: t('agency') },
      { text: t('deadlines.deadline') }, { text: t('deadlines.opened') }, { text: t('deadlines.status') }
    ], orders.map(function (o) {
      return h('tr', { 'data-order': o.id },
        h('td', { class: 'mono' }, o.id),
        h('td', null, caseLink(o.caseUid)),
        h('td', null, h('span', { class: 'tag' }, o.clock), label('clocks', o.clock.split('@')[0])),
        h('td', null, label('divisions', o.district) + ' · ' + label('agencies', o.agency)),
        h('td', null, formatTime(o.deadline)),
        h('td', null, formatTime(o.openedAt)),
        h('td', null, t('status.' + o.status)));
    }), { testid: 'supervision-table' });
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Deadlines
  // ---------------------------------------------------------------------------------------------
  function showDeadlines() {
    loadDeadlines();
    every(10000, loadDeadlines);
  }

  function loadDeadlines() {
    var params = { district: $('deadlines-district').value, agency: $('deadlines-agency').value };
    return api('deadlines' + query(params)).then(renderDeadlines).catch(function (err) {
      if (err.status !== 401) banner(err.message);
    });
  }

  function countCell(n, level) {
    return h('td', { class: 'num' + (n > 0 ? ' count-' + level : ''), 'data-level': level }, n);
  }

  function renderDeadlines(view) {
    $('deadlines-updated').textContent = t('links.updated', { time: formatTime(view.at) });
    var box = clear($('deadlines-result'));
    box.appendChild(h('h2', null, t('deadlines.summary')));
    box.appendChild(view.summary.length ? table([
      { text: t('district') }, { text: t('agency') }, { text: t('deadlines.running'), num: true }, { text: t('level.yellow'), num: true },
      { text: t('level.red'), num: true }, { text: t('level.overdue'), num: true }
    ], view.summary.map(function (row) {
      return h('tr', { 'data-district': row.district, 'data-agency': row.agency },
        h('td', null, label('divisions', row.district)),
        h('td', null, label('agencies', row.agency)),
        h('td', { class: 'num' }, row.running),
        countCell(row.yellow, 'yellow'), countCell(row.red, 'red'), countCell(row.overdue, 'overdue'));
    }), { testid: 'deadline-summary' }) : empty(t('deadlines.emptySummary')));

    box.appendChild(h('h2', null, t('deadlines.items')));
    box.appendChild(view.items.length ? table([
      { text: '' }, { text: t('deadlines.case') }, { text: t('deadlines.clock') }, { text: t('district') }, { text: t('agency') },
      { text: t('deadlines.deadline') }, { text: t('deadlines.remaining') }, { text: t('deadlines.order') }
    ], view.items.map(function (item) {
      return h('tr', { 'data-case': item.caseUid, 'data-level': item.level },
        h('td', null, levelChip(item.level)),
        h('td', null, caseLink(item.caseUid)),
        h('td', null, h('span', { class: 'tag' }, item.clock), label('clocks', item.clock.split('@')[0])),
        h('td', null, label('divisions', item.district)),
        h('td', null, label('agencies', item.agency)),
        h('td', null, formatTime(item.deadlineMs)),
        h('td', null, item.remainingMs < 0 ? t('deadlines.overdueBy', { d: duration(-item.remainingMs) }) : duration(item.remainingMs)),
        h('td', { class: 'mono small' }, item.supervisionOrderId || ''));
    }), { testid: 'deadline-items' }) : empty(t('deadlines.emptyItems')));

    box.appendChild(h('h2', null, t('deadlines.supervision')));
    box.appendChild(view.supervision.length ? supervisionTable(view.supervision) : empty(t('deadlines.emptyOrders')));
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Efficiency
  // ---------------------------------------------------------------------------------------------
  function showEfficiency() {
    loadEfficiency();
  }

  function loadEfficiency() {
    var params = { period: $('efficiency-period').value || 'day', district: $('efficiency-district').value };
    return api('efficiency' + query(params)).then(renderEfficiency).catch(function (err) {
      if (err.status !== 401) banner(err.message);
    });
  }

  function legend(names) {
    return h('div', { class: 'legend' }, names.map(function (name, i) {
      return h('span', null, h('span', { class: 'swatch', style: 'background:' + SERIES_COLORS[i % SERIES_COLORS.length] }), name);
    }));
  }

  /** Lines over the periods, one per series; y from 0 to 1 (a rate). */
  function lineChart(periods, series) {
    var W = 900, H = 260, L = 48, R = 16, T = 14, B = 40;
    var plotW = W - L - R, plotH = H - T - B;
    var x = function (i) { return L + (periods.length <= 1 ? plotW / 2 : (i * plotW) / (periods.length - 1)); };
    var y = function (v) { return T + plotH - v * plotH; };
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
      svg.appendChild(s('line', { class: 'gridline', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, percent(v)));
    });
    svg.appendChild(s('line', { class: 'axis', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    var step = Math.max(1, Math.ceil(periods.length / 10));
    periods.forEach(function (p, i) {
      var last = i === periods.length - 1;
      var anchor = periods.length > 1 && last ? 'end' : periods.length > 1 && i === 0 ? 'start' : 'middle';
      if ((i % step === 0 && periods.length - 1 - i >= step) || last) svg.appendChild(s('text', { x: x(i), y: H - B + 16, 'text-anchor': anchor }, p));
    });
    series.forEach(function (serie, si) {
      var color = SERIES_COLORS[si % SERIES_COLORS.length];
      var points = serie.points.filter(function (pt) { return pt.value !== null; });
      if (points.length > 1) {
        svg.appendChild(s('polyline', { fill: 'none', stroke: color, 'stroke-width': 2, points: points.map(function (pt) { return x(pt.index) + ',' + y(pt.value); }).join(' ') }));
      }
      points.forEach(function (pt) {
        svg.appendChild(s('circle', { cx: x(pt.index), cy: y(pt.value), r: 3.5, fill: color, 'data-series': serie.key, 'data-period': periods[pt.index], 'data-value': pt.value },
          s('title', null, serie.name + ' ' + periods[pt.index] + '：' + percent(pt.value) + (pt.detail ? ' (' + pt.detail + ')' : ''))));
      });
    });
    return svg;
  }

  /** Grouped bars: one group per category, one bar per series. */
  function barChart(categories, series, format) {
    var W = 900, H = 280, L = 48, R = 16, T = 14, B = 56;
    var plotW = W - L - R, plotH = H - T - B;
    var max = 0;
    series.forEach(function (serie) { serie.values.forEach(function (v) { if (v !== null && v > max) max = v; }); });
    max = max > 0 ? max * 1.1 : 1;
    var y = function (v) { return T + plotH - (v / max) * plotH; };
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    for (var g = 0; g <= 4; g++) {
      var v = (max * g) / 4;
      svg.appendChild(s('line', { class: 'gridline', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      svg.appendChild(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
    }
    svg.appendChild(s('line', { class: 'axis', x1: L, x2: W - R, y1: y(0), y2: y(0) }));
    var groupW = plotW / Math.max(categories.length, 1);
    var barW = Math.max(4, Math.min(26, (groupW * 0.8) / Math.max(series.length, 1)));
    categories.forEach(function (cat, ci) {
      var gx = L + ci * groupW + (groupW - barW * series.length) / 2;
      series.forEach(function (serie, si) {
        var value = serie.values[ci];
        if (value === null || value === undefined) return;
        svg.appendChild(s('rect', {
          x: gx + si * barW, y: y(value), width: barW - 2, height: Math.max(0, y(0) - y(value)),
          fill: SERIES_COLORS[si % SERIES_COLORS.length], 'data-series': serie.key, 'data-category': cat.key, 'data-value': value
        }, s('title', null, serie.name + ' · ' + cat.name + '：' + format(value))));
      });
      svg.appendChild(s('text', { x: L + ci * groupW + groupW / 2, y: H - B + 16, 'text-anchor': 'middle' }, cat.key));
      svg.appendChild(s('text', { x: L + ci * groupW + groupW / 2, y: H - B + 30, 'text-anchor': 'middle', class: 'small' }, shorten(cat.name, 8)));
    });
    return svg;
  }

  function shorten(text, n) {
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }

  function renderEfficiency(view) {
    var box = clear($('efficiency-result'));
    if (!view.stepsOverall.length) {
      box.appendChild(empty(t('efficiency.empty')));
      return;
    }
    var districts = view.districts;
    var onTimeSeries = districts.map(function (district) {
      return {
        key: district,
        name: label('divisions', district),
        points: view.periods.map(function (p, index) {
          var row = view.onTime.filter(function (o) { return o.period === p && o.district === district; })[0];
          return { index: index, value: row ? row.rate : null, detail: row ? row.numerator + '/' + row.denominator : '' };
        })
      };
    });
    box.appendChild(h('div', { class: 'charts' },
      h('div', { class: 'panel chart', 'data-testid': 'chart-on-time' }, h('h3', null, t('efficiency.onTime')), lineChart(view.periods, onTimeSeries), legend(onTimeSeries.map(function (x) { return x.name; }))),
      (function () {
        var categories = view.clocks.map(function (c) { return { key: c, name: label('clocks', c) }; });
        var series = districts.map(function (district) {
          return {
            key: district,
            name: label('divisions', district),
            values: view.clocks.map(function (clock) {
              var row = view.stepsOverall.filter(function (r) { return r.clock === clock && r.district === district; })[0];
              return row && row.medianSeconds !== null ? row.medianSeconds / 86400 : null;
            })
          };
        });
        return h('div', { class: 'panel chart', 'data-testid': 'chart-cycle' }, h('h3', null, t('efficiency.cycle')),
          barChart(categories, series, function (v) { return v.toFixed(1); }), legend(series.map(function (x) { return x.name; })));
      })()));

    box.appendChild(h('h2', null, t('efficiency.cycleTable')));
    box.appendChild(table([
      { text: t('efficiency.step') }, { text: t('district') }, { text: t('efficiency.count'), num: true },
      { text: t('efficiency.median'), num: true }, { text: t('efficiency.p90'), num: true }, { text: t('efficiency.onTimeRate'), num: true }
    ], view.stepsOverall.map(function (row) {
      return h('tr', { 'data-clock': row.clock, 'data-district': row.district },
        h('td', null, h('span', { class: 'tag' }, row.clock), label('clocks', row.clock)),
        h('td', null, label('divisions', row.district)),
        h('td', { class: 'num' }, row.count),
        h('td', { class: 'num' }, row.medianSeconds === null ? '-' : duration(row.medianSeconds * 1000)),
        h('td', { class: 'num' }, row.p90Seconds === null ? '-' : duration(row.p90Seconds * 1000)),
        h('td', { class: 'num', 'data-field': 'on-time' }, percent(row.onTimeRate)));
    }), { testid: 'cycle-table' }));

    var rateRows = [];
    ['fastTrack', 'recommendationAdoption', 'legalAidAssignedInTime', 'executionDocumentsInTime'].forEach(function (key) {
      (view[key] || []).forEach(function (r) {
        rateRows.push(h('tr', { 'data-rate': key, 'data-district': r.district },
          h('td', null, t('rate.' + key)), h('td', null, label('divisions', r.district)),
          h('td', { class: 'num' }, r.numerator + '/' + r.denominator), h('td', { class: 'num' }, percent(r.rate))));
      });
    });
    if (rateRows.length) {
      box.appendChild(h('h2', null, t('efficiency.rates')));
      box.appendChild(table([{ text: t('efficiency.indicator') }, { text: t('district') }, { text: t('efficiency.cases'), num: true }, { text: t('efficiency.rate'), num: true }], rateRows));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------
  function init() {
    applyLanguage();
    $('lang').addEventListener('click', switchLanguage);
    $('logout').addEventListener('click', logout);
    $('login-form').addEventListener('submit', login);
    $('dead-filter').addEventListener('submit', function (e) {
      e.preventDefault();
      state.dead.detail = null;
      state.dead.selected = null;
      clear($('dead-detail'));
      loadDeadLetters();
    });
    $('case-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var number = $('case-number').value.trim();
      if (!number) return;
      var hash = '#case/' + encodeURIComponent(number);
      if (location.hash === hash) loadCase(number);
      else location.hash = hash;
    });
    $('deadlines-district').addEventListener('change', loadDeadlines);
    $('deadlines-agency').addEventListener('change', loadDeadlines);
    $('efficiency-period').addEventListener('change', loadEfficiency);
    $('efficiency-district').addEventListener('change', loadEfficiency);
    window.addEventListener('hashchange', function () { route(); });

    var stored = storedToken();
    state.token = stored ? stored.token : null;
    state.tokenOwn = stored ? stored.own : false;
    fetch(adminRoot + 'auth/login', { headers: { Accept: 'application/json' }, cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .catch(function () { return { type: 'credentials' }; })
      .then(function (info) {
        state.authRequired = Boolean(info && info.type);
        if (state.authRequired && !state.token) showLogin();
        else start();
      });
  }

  init();
})();
