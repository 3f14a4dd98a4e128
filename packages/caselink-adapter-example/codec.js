'use strict';
/**
 * The JYGL format of the example prison system: JSON `{ "xxbh": <message id>, "bw": <unified message> }`
 * both ways, authenticated by the header X-JYGL-Token; answers `{ "code", "msg" }` with code
 * 0 accepted, 1 duplicate, 2 refused (do not retry), 9 busy (retry later).
 */
const KIND = 'prison-mis';
const RECEIVE_PATH = '/jygl/receive';
const TOKEN_HEADER = 'x-jygl-token';
const CONTENT_TYPE = 'application/json; charset=utf-8';

function answer(status, code, msg, extra = {}) {
  return { status, headers: { 'Content-Type': CONTENT_TYPE, ...extra }, body: Buffer.from(JSON.stringify({ code, msg }), 'utf8') };
}

const answers = {
  accepted: () => answer(200, '0', '接收成功'),
  duplicate: () => answer(200, '1', '重复报文，已接收'),
  rejected: (_id, issues) => answer(200, '2', issues.map((i) => `${i.field}: ${i.reason}`).join('; ') || '报文格式错误'),
  busy: (_id, reason) => answer(503, '9', `系统繁忙，请稍后重试: ${reason}`, { 'Retry-After': '5' }),
  unauthorized: (reason) => answer(401, '2', `认证失败: ${reason}`),
};

function decode(body) {
  const raw = body.toString('utf8');
  let value;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { messages: [], rejected: [{ issues: [{ field: '(body)', reason: `not JSON: ${error.message} (不是有效的JSON)` }], raw }] };
  }
  const legacyId = value && typeof value.xxbh === 'string' ? value.xxbh : undefined;
  const issues = [];
  if (!legacyId) issues.push({ field: 'xxbh', value: value && value.xxbh, reason: 'is required (缺少信息编号)' });
  if (!value || typeof value.bw !== 'object' || value.bw === null) issues.push({ field: 'bw', reason: 'must be the unified message (应为统一标准报文)' });
  else if (legacyId && value.bw.messageId !== legacyId)
    issues.push({ field: 'bw.messageId', value: value.bw.messageId, reason: `must equal xxbh ${legacyId} (应与信息编号一致)` });
  if (issues.length > 0) return { messages: [], rejected: [{ ...(legacyId ? { legacyId } : {}), issues, raw }] };
  // The platform checks each message against the unified standard before it takes it.
  return { messages: [{ message: value.bw, warnings: [], raw }], rejected: [] };
}

function encode(message, context) {
  const body = Buffer.from(JSON.stringify({ xxbh: message.messageId, bw: message }), 'utf8');
  return { method: 'POST', path: RECEIVE_PATH, headers: { 'Content-Type': CONTENT_TYPE, 'X-JYGL-Token': context.credentials.token || '' }, body };
}

function verifyInbound(_body, headers, credentials) {
  const given = headers[TOKEN_HEADER];
  if (!credentials.token) return { ok: false, reason: 'no token configured (未配置令牌)' };
  return given === credentials.token ? { ok: true } : { ok: false, reason: 'bad or missing X-JYGL-Token (令牌错误或缺失)' };
}

/** A JYGL answer read as a delivery outcome. */
function outcomeOf(status, text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const code = parsed && typeof parsed.code === 'string' ? parsed.code : undefined;
  if (code === '0') return { kind: 'accepted' };
  if (code === '1') return { kind: 'duplicate' };
  if (code === '2') return { kind: 'permanent', code, reason: (parsed && parsed.msg) || 'refused' };
  return { kind: 'retryable', code: code || String(status), reason: (parsed && parsed.msg) || `HTTP ${status}` };
}

const codec = { kind: KIND, decode, encode, verifyInbound, answers };

module.exports = { codec, outcomeOf, KIND, RECEIVE_PATH, TOKEN_HEADER, CONTENT_TYPE, answers };
