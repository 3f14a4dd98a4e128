/**
 * The order test files start in (vitest.config.mts `sequence.sequencer`): longest first, so that the
 * workers finish together instead of one running a Chromium file alone at the end.
 *
 * vitest's own order uses the durations it cached from the previous run, and file size where it has
 * none — on a clean clone (CI) that is every file, and size says little: the Chromium and
 * subprocess files are short and slow. So a file without a cached duration takes its figure from
 * SLOW_FILES; the other files follow, larger first.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds the slowest files took in a full run on the 2-core machine (only their order matters).
 * Refresh from `npm test`'s output (a file's line, hooks included) when one becomes much slower or faster.
 */
export const SLOW_FILES: Readonly<Record<string, number>> = {
  'test/console/browser.test.ts': 32,
  'test/nodes/editor.test.ts': 26,
  'test/nodes/image-install.test.ts': 13.7,
  'test/security-e2e/trust-attacks.test.ts': 12.5,
  'test/e2e/hub.test.ts': 10.1,
  'test/e2e/directory-extension.test.ts': 8.8,
  'test/core/cluster.test.ts': 7.5,
  'test/e2e/prison-outbox-declarative.test.ts': 7.3,
  'test/cli/conformance.test.ts': 5.7,
  'test/core/waitaof.test.ts': 5.3,
  'test/security/audit-log.test.ts': 5.3,
  'test/core/crash.test.ts': 4.8,
  'test/security/crypto-profile-runtimes.test.ts': 4.6,
  'test/tracking/figures.test.ts': 3.6,
};

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // vitest's order (cached durations, else size) breaks the ties among files without an estimate.
    const fallback = await super.sort(files);
    const rank = new Map(fallback.map((spec, index) => [spec, index]));
    const estimate = (spec: TestSpecification): number | undefined => {
      const cached = this.ctx.cache.getTestSpecificationResult(spec);
      if (cached) return cached.duration / 1000;
      return SLOW_FILES[relative(spec.project.config.root, spec.moduleId).split('\\').join('/')];
    };
    return [...fallback].sort((a, b) => {
      const [ea, eb] = [estimate(a), estimate(b)];
      if (ea !== undefined && eb !== undefined && ea !== eb) return eb - ea;
      if (ea !== undefined && eb === undefined) return -1;
      if (ea === undefined && eb !== undefined) return 1;
      return rank.get(a)! - rank.get(b)!;
    });
  }
}
