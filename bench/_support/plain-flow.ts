/**
 * The peer of the platform benchmark: the flow an integrator would wire in plain Node-RED for the
 * same job — `http in` → `xml` → `change` (JSONata mapping of the same fields) → `http request` to
 * the procuratorate simulator → `change` (the PSB answer) → `http response`. No durability, no
 * per-case order, no tracking, no audit: what CaseLink is measured against. One `function` node
 * decodes the GBK body (Node-RED's `http in` reads XML bodies as UTF-8 whatever their charset, so
 * without it every Chinese name would arrive garbled); the `http in` nodes skip body parsing for that.
 *
 * It maps the PSB arrest request (TQPZDBS, GBK XML) to the procuratorate's TYYW JSON the way the
 * built-in adapters do, with the code tables the demo documents use written into the expression.
 */
import { CUSTODY_MEASURES } from '../../standard/codes/custody-measures';
import { ETHNICITIES } from '../../standard/codes/ethnicities';
import { MEASURE_BY_QZCS } from '../../adapters/psb/codes';
import { PROCURATORATE_RECEIVE_PATH } from '../../adapters/procuratorate/encode';

export const PLAIN_FLOW_PATH = '/plain/psb';

const json = (value: unknown): string => JSON.stringify(value);

/** JSONata over the message: payload.PACKAGE (as the xml node gives it) → TYYW {head, body}. */
function mappingExpression(): string {
  const measureLabels = Object.fromEntries(Object.entries(MEASURE_BY_QZCS).map(([code, measure]) => [code, CUSTODY_MEASURES[measure].zh]));
  const date = (path: string) => `($d := ${path}; $d ? $substring($d,0,4) & '-' & $substring($d,4,2) & '-' & $substring($d,6,2) : null)`;
  return `(
  $gender := ${json({ '0': '未知', '1': '男', '2': '女', '9': '未说明' })};
  $ethnicity := ${json(ETHNICITIES)};
  $idType := ${json({ '111': '居民身份证', '414': '护照' })};
  $measure := ${json(measureLabels)};
  $h := payload.PACKAGE.HEAD;
  $b := payload.PACKAGE.BODY;
  $t := $h.FSSJ;
  {
    "head": {
      "msgId": $h.BWBH,
      "msgType": $h.BWLX = 'TQPZDBS' ? 'TQPZDB' : $h.BWLX,
      "sendOrg": $h.FSDW,
      "recvOrg": $h.JSDW,
      "sendTime": $substring($t,0,4) & '-' & $substring($t,4,2) & '-' & $substring($t,6,2) & ' ' & $substring($t,8,2) & ':' & $substring($t,10,2) & ':' & $substring($t,12,2)
    },
    "body": {
      "tysah": null,
      "bmsah": null,
      "ajmc": $b.AJXX.AJMC,
      "aymc": $b.AJXX.AJLB = '050200' ? '盗窃罪' : $b.AJXX.AJLB,
      "sajeFen": $round($number($b.AJXX.SAJE) * 100),
      "rzrf": $b.AJXX.RZRF = '1',
      "fadq": $b.AJXX.FADQ,
      "ajqk": $b.AJXX.JYAQ,
      "xyr": [$b.XYRLIST.XYR.{
        "xm": XM,
        "xbmc": $lookup($gender, XB),
        "csrq": ${date('CSRQ')},
        "mzmc": $lookup($ethnicity, MZ),
        "zjlxmc": $lookup($idType, ZJLX),
        "zjhm": ZJHM,
        "zz": HJDZ,
        "qzcs": $lookup($measure, QZCS),
        "qzcsrq": ${date('QZCSRQ')}
      }],
      "ws": [$b.WSLIST.WS.{
        "wslx": WSLX,
        "wsbh": WSH,
        "wsmc": WSMC,
        "kjrq": ${date('KJRQ')},
        "fj": [FJ.{ "wjm": WJM, "wjlx": WJLX, "wjdx": $number(WJDX), "sha256": WJHX, "nr": WJNR }]
      }]
    }
  }
)`;
}

type FlowNode = Record<string, unknown> & { id: string; type: string };

/** The plain flow on its own tab, one `http in` per division; the simulator URL and token come from CASELINK_PROCURATORATE_<division>_URL/_TOKEN. */
export function plainFlow(divisions: readonly string[]): FlowNode[] {
  const z = 'plain-tab';
  const answer = `'<?xml version="1.0" encoding="UTF-8"?><PACKAGE><HEAD><BWBH>' & msgId & '</BWBH></HEAD><FHDM>' & (payload.code = '0000' or payload.code = '1002' ? '0' : payload.code = '1001' ? '1' : '9') & '</FHDM><FHXX>' & payload.msg & '</FHXX></PACKAGE>'`;
  return [
    { id: z, type: 'tab', label: 'plain Node-RED peer' },
    ...divisions.map((division) => ({
      id: `plain-in-${division}`,
      type: 'http in',
      z,
      url: `${PLAIN_FLOW_PATH}/${division}`,
      method: 'post',
      upload: false,
      skipBodyParsing: true,
      wires: [['plain-gbk']],
    })),
    {
      id: 'plain-gbk',
      type: 'function',
      z,
      func: "msg.division = msg.req.path.split('/').pop();\nmsg.payload = new util.TextDecoder('gbk').decode(msg.payload);\nmsg.options = { explicitArray: false };\nreturn msg;",
      outputs: 1,
      wires: [['plain-xml']],
    },
    { id: 'plain-xml', type: 'xml', z, property: 'payload', attr: '', chr: '', wires: [['plain-map']] },
    {
      id: 'plain-map',
      type: 'change',
      z,
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: mappingExpression(), tot: 'jsonata' },
        { t: 'set', p: 'msgId', pt: 'msg', to: 'payload.head.msgId', tot: 'jsonata' },
        { t: 'set', p: 'url', pt: 'msg', to: `$env('CASELINK_PROCURATORATE_' & division & '_URL') & '${PROCURATORATE_RECEIVE_PATH}'`, tot: 'jsonata' },
        {
          t: 'set',
          p: 'headers',
          pt: 'msg',
          to: `{"Authorization": "Bearer " & $env('CASELINK_PROCURATORATE_' & division & '_TOKEN'), "Content-Type": "application/json; charset=utf-8"}`,
          tot: 'jsonata',
        },
      ],
      wires: [['plain-request']],
    },
    { id: 'plain-request', type: 'http request', z, method: 'POST', ret: 'obj', paytoqs: 'ignore', url: '', persist: true, wires: [['plain-answer']] },
    {
      id: 'plain-answer',
      type: 'change',
      z,
      rules: [
        { t: 'set', p: 'payload', pt: 'msg', to: answer, tot: 'jsonata' },
        { t: 'set', p: 'headers', pt: 'msg', to: '{"Content-Type": "application/xml; charset=utf-8"}', tot: 'json' },
        { t: 'set', p: 'statusCode', pt: 'msg', to: '200', tot: 'num' },
      ],
      wires: [['plain-out']],
    },
    { id: 'plain-out', type: 'http response', z, wires: [] },
  ];
}
