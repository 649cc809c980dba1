import { builtinActionSpecs } from '@arcflow/engine';
import { TEMPLATES_DIR } from '../workflows/locations.ts';
import { actionReference } from './action-reference.ts';
import { templateReference } from './template-reference.ts';

const SECTIONS = {
  actions: () => actionReference(builtinActionSpecs),
  templates: () => templateReference(TEMPLATES_DIR, builtinActionSpecs),
} as const;

/** Replaces every generated section (`<!-- generated:NAME -->` … `<!-- /generated:NAME -->`). */
export function renderReadme(readme: string): string {
  let result = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from === -1 || to === -1) throw new Error(`README.md lacks the markers ${start} … ${end}`);
    result = `${result.slice(0, from + start.length)}\n\n${render()}\n${result.slice(to)}`;
  }
  return result;
}
