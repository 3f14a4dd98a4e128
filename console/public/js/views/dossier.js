/** The case's digital dossier (数字卷宗) on the case page: its files, who received each when, the audited download, and the delivery evidence. */
import { clear, empty, h, table } from '../dom.js';
import { bytes, formatTime } from '../format.js';
import { columns, destination, labelled, org, t } from '../i18n.js';
import { api, download } from '../session.js';
import { state } from '../state.js';

/** `PSB 440105010000` (how the index names a sender) → the unit by name. */
function sender(text) {
  const [agency, orgCode] = String(text || '').split(' ');
  return orgCode ? org(orgCode) : labelled('agencies', agency);
}

function fileRow(file, reason, result) {
  const button = h('button', { type: 'button', class: 'small', 'data-download': file.sha256 }, t('dossier.download'));
  button.addEventListener('click', async () => {
    const why = reason.value.trim();
    result.className = 'small';
    if (!why) {
      result.textContent = t('dossier.reasonRequired');
      reason.focus();
      return;
    }
    button.disabled = true;
    try {
      const path = 'cases/' + encodeURIComponent(state.lastCase.caseUid) + '/dossier/' + file.sha256 + '/download';
      await download(path, { reason: why }, file.fileName, 'caselink.write');
      result.textContent = t('dossier.downloaded', { file: file.fileName });
    } catch (err) {
      result.className = 'small error';
      result.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'tr',
    { 'data-sha256': file.sha256 },
    h(
      'td',
      null,
      h('div', null, file.fileName),
      h('div', { class: 'muted small' }, labelled('messageTypes', file.docType), file.docNo ? ' ' + file.docNo : ''),
    ),
    h('td', { class: 'num', title: file.size + ' B' }, bytes(file.size)),
    h('td', { class: 'mono small', title: file.sha256 + (file.sm3 ? '\nSM3 ' + file.sm3 : '') }, file.sha256.slice(0, 16) + '…'),
    h('td', null, sender(file.sender), h('div', { class: 'muted small' }, formatTime(file.storedAt))),
    h(
      'td',
      { 'data-received': String(file.receivedBy.length) },
      file.receivedBy.length
        ? file.receivedBy.map((r) => h('div', null, destination(r.receiver), ' ', h('span', { class: 'muted small' }, formatTime(r.at))))
        : h('span', { class: 'muted' }, t('dossier.notYet')),
    ),
    h('td', null, button),
  );
}

/** What a piece of evidence says besides its stage: the answer, its reason, the time of service, what was missing. */
function evidenceDetail(e) {
  return [
    e.decision ? t('evidence.decision.' + e.decision) : '',
    e.reason ? ' · ' + e.reason : '',
    e.servedAt ? t('evidence.servedAt', { at: formatTime(e.servedAt) }) : '',
    e.expectedStage ? t('evidence.missing', { stage: t('evidence.stage.' + e.expectedStage) }) : '',
  ];
}

function stageLabel(e) {
  return h('span', { class: 'tag stage-' + e.stage, title: e.stage }, e.label[state.lang] || e.label['zh-CN']);
}

/** The timeline entries a dossier adds: one per piece of evidence. */
export function evidenceEvents(dossier) {
  return dossier.evidence.map((e) => ({ kind: 'evidence', at: e.at, evidence: e }));
}

export function evidenceText(e) {
  return [stageLabel(e), ' ', destination(e.receiver), ' ', h('span', { class: 'mono muted' }, e.messageId), ' ', ...evidenceDetail(e)];
}

/** Fills `box` with the case's dossier; resolves with it (undefined when there is none to show). */
export async function showDossier(caseUid, box) {
  let dossier;
  try {
    dossier = await api('cases/' + encodeURIComponent(caseUid) + '/dossier');
  } catch (err) {
    clear(box).appendChild(empty(err.status === 503 ? t('dossier.off') : err.message));
    return undefined;
  }
  clear(box);
  if (dossier.files.length) {
    const reason = h('textarea', { class: 'dossier-reason', placeholder: t('dossier.reasonPlaceholder'), maxlength: 500 });
    const result = h('div', { class: 'small', 'data-testid': 'dossier-result', role: 'status' });
    box.appendChild(
      table(
        columns(['dossier.file', 'dossier.size', 'dossier.sha256', 'dossier.sender', 'dossier.receivedBy', 'dossier.action']),
        dossier.files.map((f) => fileRow(f, reason, result)),
        { testid: 'dossier-files' },
      ),
    );
    box.appendChild(h('label', { class: 'reason' }, h('div', { class: 'small muted' }, t('dossier.reason')), reason));
    box.appendChild(result);
  } else box.appendChild(empty(t('dossier.none')));
  box.appendChild(h('h3', null, t('evidence.title')));
  box.appendChild(
    dossier.evidence.length
      ? table(
          columns(['evidence.stage', 'evidence.receiver', 'evidence.message', 'evidence.at', 'evidence.detail', 'evidence.sealedBy']),
          dossier.evidence.map((e) =>
            h(
              'tr',
              { 'data-stage': e.stage },
              h('td', null, stageLabel(e)),
              h('td', null, destination(e.receiver)),
              h('td', { class: 'mono small' }, e.messageId),
              h('td', null, formatTime(e.at)),
              h('td', null, evidenceDetail(e)),
              h('td', { class: 'small', title: e.digest }, e.sealedBy),
            ),
          ),
          { testid: 'evidence' },
        )
      : empty(t('evidence.none')),
  );
  return dossier;
}
