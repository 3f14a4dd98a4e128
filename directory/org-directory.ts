/** One validated org directory and the questions the platform asks of it. */
import type { Agency } from '../standard/codes/agencies';
import type { DirectoryData, DivisionEntry, InstanceEntry, UnitEntry } from './schema';

export class OrgDirectory {
  private readonly divisionByCode = new Map<string, DivisionEntry>();
  private readonly unitByCode = new Map<string, UnitEntry>();
  private readonly instanceById = new Map<string, InstanceEntry>();
  private readonly instanceByOrg = new Map<string, InstanceEntry>();
  /** Place names (海珠, 萝岗 …) → division, longest first. */
  private readonly placeNames: Array<[string, string]>;

  /** `data` must have passed checkDirectory (validate.ts). */
  constructor(readonly data: DirectoryData) {
    const names: Array<[string, string]> = [];
    for (const d of data.divisions) {
      this.divisionByCode.set(d.code, d);
      if (d.level === 'district') names.push([d.name['zh-CN'].replace(/[区县市]$/, ''), d.code]);
      for (const alias of d.aliases ?? []) {
        this.divisionByCode.set(alias.code, d);
        if (d.level === 'district') names.push([alias.name['zh-CN'].replace(/[（(].*$/, '').replace(/[区县市]$/, ''), d.code]);
      }
    }
    this.placeNames = names.filter(([name]) => name.length > 0).sort((a, b) => b[0].length - a[0].length);
    for (const u of data.units) this.unitByCode.set(u.orgCode, u);
    for (const s of data.instances) {
      this.instanceById.set(s.id, s);
      for (const orgCode of s.serves) this.instanceByOrg.set(orgCode, s);
    }
  }

  divisions(): DivisionEntry[] {
    return this.data.divisions;
  }

  /** The listed division for a code, following former codes (440116 → 黄埔 440112). */
  division(code: string): DivisionEntry | undefined {
    return this.divisionByCode.get(code);
  }

  /** The current code of a listed division; undefined when the directory does not list it. */
  canonicalDivision(code: string): string | undefined {
    return this.divisionByCode.get(code)?.code;
  }

  /** The unit of an org code; a platform code with a former division is read with the current one. */
  unit(orgCode: string): UnitEntry | undefined {
    const direct = this.unitByCode.get(orgCode);
    if (direct) return direct;
    const platform = /^(\d{6})(\d{6})$/.exec(orgCode);
    const current = platform ? this.canonicalDivision(platform[1]!) : undefined;
    return current && current !== platform![1] ? this.unitByCode.get(`${current}${platform![2]}`) : undefined;
  }

  units(): UnitEntry[] {
    return this.data.units;
  }

  /** The first listed unit of an agency type in a division (e.g. the detention centre of 海珠). */
  unitOf(agency: Agency, division: string): UnitEntry | undefined {
    const current = this.canonicalDivision(division);
    return this.data.units.find((u) => u.agency === agency && u.division === current);
  }

  instances(): InstanceEntry[] {
    return this.data.instances;
  }

  instance(id: string): InstanceEntry | undefined {
    return this.instanceById.get(id);
  }

  instanceOf(kind: string, division: string): InstanceEntry | undefined {
    const current = this.canonicalDivision(division);
    return current === undefined ? undefined : this.instanceById.get(`${kind}-${current}`);
  }

  /** The system instance serving a unit (by org code), if any. */
  instanceServing(orgCode: string): InstanceEntry | undefined {
    const unit = this.unit(orgCode);
    return unit ? this.instanceByOrg.get(unit.orgCode) : undefined;
  }

  /** The listed district a free-text place (custody place, address) names, if any. */
  divisionNamedIn(place: string | undefined): string | undefined {
    if (!place) return undefined;
    for (const [name, code] of this.placeNames) if (place.includes(name)) return code;
    return undefined;
  }
}
