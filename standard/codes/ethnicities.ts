/** GB/T 3304-1991 names of China's ethnic groups: the 56 groups, plus 97 and 98. */
export const ETHNICITIES = {
  '01': '汉族',
  '02': '蒙古族',
  '03': '回族',
  '04': '藏族',
  '05': '维吾尔族',
  '06': '苗族',
  '07': '彝族',
  '08': '壮族',
  '09': '布依族',
  '10': '朝鲜族',
  '11': '满族',
  '12': '侗族',
  '13': '瑶族',
  '14': '白族',
  '15': '土家族',
  '16': '哈尼族',
  '17': '哈萨克族',
  '18': '傣族',
  '19': '黎族',
  '20': '傈僳族',
  '21': '佤族',
  '22': '畲族',
  '23': '高山族',
  '24': '拉祜族',
  '25': '水族',
  '26': '东乡族',
  '27': '纳西族',
  '28': '景颇族',
  '29': '柯尔克孜族',
  '30': '土族',
  '31': '达斡尔族',
  '32': '仫佬族',
  '33': '羌族',
  '34': '布朗族',
  '35': '撒拉族',
  '36': '毛南族',
  '37': '仡佬族',
  '38': '锡伯族',
  '39': '阿昌族',
  '40': '普米族',
  '41': '塔吉克族',
  '42': '怒族',
  '43': '乌孜别克族',
  '44': '俄罗斯族',
  '45': '鄂温克族',
  '46': '德昂族',
  '47': '保安族',
  '48': '裕固族',
  '49': '京族',
  '50': '塔塔尔族',
  '51': '独龙族',
  '52': '鄂伦春族',
  '53': '赫哲族',
  '54': '门巴族',
  '55': '珞巴族',
  '56': '基诺族',
  '97': '其他',
  '98': '外国血统中国籍人士',
} as const;

export type Ethnicity = keyof typeof ETHNICITIES;
/** Codes in ascending order (Object.keys would list "10"…"98" before "01"…"09": integer-like keys come first). */
export const ETHNICITY_CODES = (Object.keys(ETHNICITIES) as Ethnicity[]).sort() as [Ethnicity, ...Ethnicity[]];

/** The GB/T 3304 code for an ethnicity name, accepting the name with or without the trailing 族. */
export function ethnicityCodeByName(name: string): Ethnicity | undefined {
  const wanted = name.trim();
  for (const code of ETHNICITY_CODES) {
    const full = ETHNICITIES[code];
    if (full === wanted || (full.endsWith('族') && full.slice(0, -1) === wanted)) return code;
  }
  return undefined;
}
