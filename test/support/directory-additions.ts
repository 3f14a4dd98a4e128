/**
 * A fifth district (天河 440106: PSB with its detention centre, procuratorate) and a prison
 * identified by its unified social credit code, as an org-directory file that extends the shipped one.
 * The prison's credit code is a made-up one with a correct check character.
 */
export const PRISON_ORG_CODE = '12440000MB2C00001P';

export function tianheAndPrison(prisonKind = 'prison-mis'): Record<string, unknown> {
  return {
    version: 1,
    extends: 'builtin',
    units: [
      { orgCode: '440106010000', agency: 'PSB', division: '440106', name: { 'zh-CN': '广州市公安局天河区分局', 'en-US': 'Guangzhou PSB Tianhe Sub-bureau' } },
      {
        orgCode: '440106050000',
        agency: 'DETENTION_CENTER',
        division: '440106',
        name: { 'zh-CN': '广州市天河区看守所', 'en-US': 'Tianhe District Detention Centre' },
      },
      {
        orgCode: '440106020000',
        agency: 'PROCURATORATE',
        division: '440106',
        name: { 'zh-CN': '广州市天河区人民检察院', 'en-US': "Tianhe District People's Procuratorate" },
      },
      { orgCode: '440106030000', agency: 'COURT', division: '440106', name: { 'zh-CN': '广州市天河区人民法院', 'en-US': "Tianhe District People's Court" } },
      { orgCode: PRISON_ORG_CODE, agency: 'PRISON', division: '440000', name: { 'zh-CN': '广东省示例监狱', 'en-US': 'Guangdong Example Prison' } },
    ],
    instances: [
      { id: 'psb-440106', kind: 'psb', division: '440106', serves: ['440106010000', '440106050000'] },
      { id: 'procuratorate-440106', kind: 'procuratorate', division: '440106', serves: ['440106020000'] },
      { id: 'court-440106', kind: 'court', division: '440106', serves: ['440106030000'] },
      { id: `${prisonKind}-440000`, kind: prisonKind, division: '440000', serves: [PRISON_ORG_CODE] },
    ],
  };
}
