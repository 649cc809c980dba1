'use client';

import type { RunInputs, WorkflowInput } from '@/lib/api-types';
import { Dialog } from '@/ui/Dialog';
import formCss from '@/ui/form.module.css';
import textCss from '@/ui/text.module.css';

/** The form field of the "Use the step cache" box; not an input name (those are never `$`-prefixed). */
const USE_CACHE = '$use-cache';

/** Reads the form into the inputs `runs.start` takes; empty optional fields keep their default. */
export function readInputs(inputs: WorkflowInput[], form: FormData): RunInputs {
  const values: RunInputs = {};
  for (const input of inputs) {
    const raw = form.get(input.name);
    if (input.type === 'boolean') {
      values[input.name] = raw === 'on';
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    if (text === '' && !input.required) continue;
    values[input.name] = input.type === 'number' ? Number(text) : text;
  }
  return values;
}

/** What the form says besides the inputs: whether to use the step cache. */
export interface RunChoices {
  noCache: boolean;
}

/**
 * The workflow's `inputs` as a form, shown before a run starts; with `cacheable` (a step has
 * `cache:`), a "Use the step cache" box, ticked by default.
 */
export function RunDialog({
  workflow,
  inputs,
  cacheable = false,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  workflow: string;
  inputs: WorkflowInput[];
  cacheable?: boolean;
  busy?: boolean;
  error?: string | null;
  onSubmit: (values: RunInputs, choices: RunChoices) => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={`Run ${workflow}`}
      hint={
        inputs.some((input) => input.required)
          ? 'Fields marked * have no default and must be filled in.'
          : undefined
      }
      submitLabel="Start run"
      busy={busy}
      error={error}
      onClose={onClose}
      onSubmit={(form) =>
        onSubmit(readInputs(inputs, form), { noCache: cacheable && form.get(USE_CACHE) !== 'on' })
      }
      testId="run-dialog"
    >
      {inputs.map((input) => {
        const id = `input-${input.name}`;
        if (input.type === 'boolean') {
          return (
            <div className={formCss.field} key={input.name}>
              <label className={formCss.checkbox} htmlFor={id}>
                <input
                  id={id}
                  name={input.name}
                  type="checkbox"
                  defaultChecked={input.default === true}
                />
                <span className={textCss.mono}>{input.name}</span>
              </label>
              {input.description ? <span className={formCss.desc}>{input.description}</span> : null}
            </div>
          );
        }
        return (
          <div className={formCss.field} key={input.name}>
            <label htmlFor={id}>
              <span className={textCss.mono}>{input.name}</span>
              {input.required ? ' *' : ''}
            </label>
            <input
              id={id}
              name={input.name}
              className={formCss.input}
              type={input.type === 'number' ? 'number' : 'text'}
              step={input.type === 'number' ? 'any' : undefined}
              required={input.required}
              defaultValue={input.default === undefined ? '' : String(input.default)}
            />
            {input.description ? <span className={formCss.desc}>{input.description}</span> : null}
          </div>
        );
      })}
      {cacheable ? (
        <div className={formCss.field}>
          <label className={formCss.checkbox} htmlFor="run-use-cache">
            <input id="run-use-cache" name={USE_CACHE} type="checkbox" defaultChecked />
            Use the step cache
          </label>
          <span className={formCss.desc}>
            A step with a cache: block whose input files did not change reuses its earlier result
            instead of running. Untick to run every step.
          </span>
        </div>
      ) : null}
    </Dialog>
  );
}
