import { z } from 'zod';

// The step fields that run one step as several instances: `matrix` (decided when the
// workflow is read) and `for_each` (decided at run time from an upstream step's output).

const MATRIX_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const matrixValue = z
  .union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown())])
  .meta({ description: 'One value of the axis: a string, number, boolean or map.' });

const combination = z
  .record(
    z.string().regex(MATRIX_KEY, { error: 'a matrix key is a name like node or os' }),
    z.unknown(),
  )
  .meta({ description: 'A combination, as key: value pairs.' });

export const matrixSchema = z
  .record(z.string(), z.unknown())
  .superRefine((matrix, ctx) => {
    for (const [key, value] of Object.entries(matrix)) {
      if (key === 'include' || key === 'exclude') {
        const parsed = z.array(combination).safeParse(value);
        if (!parsed.success) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            input: value,
            message: `${key} must be a list of maps, like [{ node: 20, os: mac }]`,
          });
        }
        continue;
      }
      if (!MATRIX_KEY.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: key,
          message: `${JSON.stringify(key)} is not a matrix key: use letters, digits, "-" and "_", starting with a letter`,
        });
        continue;
      }
      const values = z.array(matrixValue).min(1).safeParse(value);
      if (!values.success) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value,
          message: `matrix.${key} must be a non-empty list of values, like [20, 22]`,
        });
      }
    }
  })
  .meta({
    description:
      'Run the step once per combination of these lists (axes), like { node: [20, 22], os: [linux, mac] }. include: adds combinations or adds keys to matching ones; exclude: removes combinations that match all its keys. Read the values as ${{ matrix.<key> }}.',
  });

export const fanOutFields = {
  matrix: matrixSchema.optional(),
  for_each: z.string().min(1).optional().meta({
    description:
      "Run the step once per item of a list decided at run time, like ${{ steps.list.outputs.packages }}; read each as ${{ item }}. The list's items are recorded, so a resume runs the same instances.",
  }),
  fail_fast: z.boolean().optional().meta({
    description:
      'With matrix or for_each: when one instance fails, cancel the instances still pending or running. Default true.',
  }),
  max_parallel: z.number().int().positive().optional().meta({
    description:
      'With matrix or for_each: how many instances may run at once. Default: no cap beyond the workflow’s.',
  }),
};
