/**
 * Nested test results as TAP and node:test print them: a parent's result comes after its
 * children's, indented deeper. Collects them so only the leaves count and failing leaves are
 * named with their parents ("parser > parses dates").
 */

export interface TestPoint {
  depth: number;
  name: string;
  ok: boolean;
  /** SKIP or TODO: neither passed nor failed. */
  skipped: boolean;
}

interface Entry extends TestPoint {
  parent: boolean;
  /** A parent that failed without a failing child (a hook, a load error): named itself. */
  failedAlone: boolean;
}

export class TestTree {
  private readonly entries: Entry[] = [];

  add(point: TestPoint): void {
    const children: Entry[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (!entry || entry.depth <= point.depth) break;
      children.push(entry);
    }
    const entry: Entry = { ...point, parent: children.length > 0, failedAlone: false };
    if (entry.parent) {
      const prefix = isFilePath(point.name) ? '' : `${point.name} > `;
      for (const child of children) {
        child.depth = point.depth;
        child.name = prefix + child.name;
      }
      entry.failedAlone = !point.ok && !point.skipped && !children.some(isFailure);
    }
    this.entries.push(entry);
  }

  get size(): number {
    return this.entries.length;
  }

  counts(): { passed: number; failed: number; skipped: number } {
    const leaves = this.entries.filter((e) => !e.parent || e.failedAlone);
    return {
      passed: leaves.filter((e) => e.ok && !e.skipped).length,
      failed: leaves.filter(isFailure).length,
      skipped: leaves.filter((e) => e.skipped).length,
    };
  }

  failing(): string[] {
    return this.entries
      .filter((e) => (!e.parent || e.failedAlone) && isFailure(e))
      .map((e) => e.name);
  }
}

function isFailure(entry: TestPoint): boolean {
  return !entry.ok && !entry.skipped;
}

function isFilePath(name: string): boolean {
  return /^(\/|[A-Za-z]:\\|\.{1,2}\/)/.test(name) || /\.[cm]?[jt]sx?$/.test(name);
}
