import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateExpression, interpolate } from './evaluate.ts';
import { fillSecrets, secretNamesIn, secretSentinel } from './secrets.ts';
import { type ExpressionContext, ExpressionError } from './types.ts';

const ctx: ExpressionContext = {
  inputs: { environment: 'production', count: 3, dry_run: false, 'skip-tests': true },
  steps: {
    'run-tests': { status: 'succeeded', outputs: { passed: 12, failed: 0, names: ['a', 'b'] } },
    build: { status: 'succeeded', outputs: { sha: 'abc123', meta: { size: 10 } } },
  },
  workflow: { name: 'release' },
};
const ev = (expression: string) => evaluateExpression(expression, ctx);

describe('evaluateExpression', () => {
  it('reads literals, inputs, step outputs and status, and the workflow name', () => {
    expect(ev("'it\\'s'")).toBe("it's");
    expect(ev('"double"')).toBe('double');
    expect(ev('42')).toBe(42);
    expect(ev('-1.5')).toBe(-1.5);
    expect(ev('true')).toBe(true);
    expect(ev('null')).toBe(null);
    expect(ev('inputs.count')).toBe(3);
    expect(ev('inputs.skip-tests')).toBe(true);
    expect(ev("inputs['skip-tests']")).toBe(true);
    expect(ev('steps.run-tests.outputs.passed')).toBe(12);
    expect(ev('steps.build.status')).toBe('succeeded');
    expect(ev('steps.build.outputs.meta.size')).toBe(10);
    expect(ev('steps.build.outputs.missing')).toBeUndefined();
    expect(ev('workflow.name')).toBe('release');
  });

  it('compares and combines with == != < <= > >= && || ! and parentheses', () => {
    expect(ev("inputs.environment == 'production'")).toBe(true);
    expect(ev("inputs.environment != 'production'")).toBe(false);
    expect(ev('inputs.count > 2 && inputs.count <= 3')).toBe(true);
    expect(ev('inputs.count < 3 || inputs.count >= 4')).toBe(false);
    expect(ev('!inputs.dry_run')).toBe(true);
    expect(ev('!(inputs.count > 2 && inputs.dry_run)')).toBe(true);
    expect(ev("'3' == 3")).toBe(true);
    expect(ev("'true' == true")).toBe(true);
    expect(ev("'10' > 9")).toBe(true);
    expect(ev("'b' > 'a'")).toBe(true);
    expect(ev('null == steps.build.outputs.missing')).toBe(true);
    expect(ev("inputs.dry_run || 'fallback'")).toBe('fallback');
  });

  it('calls contains, startsWith, endsWith, format and toJSON', () => {
    expect(ev("contains(steps.run-tests.outputs.names, 'b')")).toBe(true);
    expect(ev("contains('production', 'duct')")).toBe(true);
    expect(ev("contains(steps.run-tests.outputs.names, 'z')")).toBe(false);
    expect(ev("startsWith(steps.build.outputs.sha, 'abc')")).toBe(true);
    expect(ev("endsWith(inputs.environment, 'tion')")).toBe(true);
    expect(ev("format('{0}-{1} {{literal}}', inputs.environment, inputs.count)")).toBe(
      'production-3 {literal}',
    );
    expect(ev('toJSON(steps.build.outputs.meta)')).toBe('{"size":10}');
  });

  it(`accepts the expression with its \${{ }} too`, () => {
    expect(ev(`\${{ inputs.count }}`)).toBe(3);
  });

  it('throws a named ExpressionError with a clear message', () => {
    const error = (expression: string) => {
      try {
        ev(expression);
      } catch (e) {
        expect(e).toBeInstanceOf(ExpressionError);
        return (e as Error).message;
      }
      throw new Error(`no error for ${expression}`);
    };
    expect(error('steps.build.outputs.missing.deeper')).toBe(
      'cannot read "deeper" of steps.build.outputs.missing, which is undefined',
    );
    expect(error('inputs.count +')).toMatch(/^syntax error: Expected expression after \+/);
    expect(error('inputs.count + 1')).toMatch(/operator "\+" is not supported/);
    expect(error('contain(1, 2)')).toMatch(/unknown function "contain"; did you mean "contains"\?/);
    expect(error('env.HOME')).toMatch(/unknown name "env"/);
    expect(error('inputs.nope')).toBe('unknown input "nope"');
    expect(error('steps.deploy.outputs.x')).toMatch(/no result for step "deploy"/);
    expect(error("inputs.count < 'abc' && true < 1")).toMatch(/cannot compare/);
    expect(error("format('{1}', 'a')")).toBe('format() has no argument {1}: it was given 1');
    expect(error('a ? b : c')).toMatch(/"\? :" operator is not supported/);
  });
});

describe('interpolate', () => {
  it('keeps the type of a string that is exactly one expression', () => {
    expect(interpolate(`\${{ inputs.count }}`, ctx)).toBe(3);
    expect(interpolate(`\${{ steps.build.outputs.meta }}`, ctx)).toEqual({ size: 10 });
  });

  it('interpolates text around expressions, objects as JSON and nothing for null', () => {
    expect(interpolate(`v\${{ inputs.count }} to \${{ inputs.environment }}`, ctx)).toBe(
      'v3 to production',
    );
    expect(interpolate(`meta=\${{ steps.build.outputs.meta }}`, ctx)).toBe('meta={"size":10}');
    expect(interpolate(`[\${{ steps.build.outputs.none }}]`, ctx)).toBe('[]');
    expect(interpolate(`\${{ format('{0}}}', 'x') }}`, ctx)).toBe('x}');
  });

  it('walks objects and lists, leaving values without expressions as they are', () => {
    const value = {
      run: `deploy \${{ steps.build.outputs.sha }}`,
      args: ['--count', `\${{ inputs.count }}`],
      nested: { flag: true, n: 1, name: `\${{ workflow.name }}` },
      plain: { untouched: 'yes' },
    };
    const out = interpolate(value, ctx) as typeof value;
    expect(out).toEqual({
      run: 'deploy abc123',
      args: ['--count', 3],
      nested: { flag: true, n: 1, name: 'release' },
      plain: { untouched: 'yes' },
    });
    expect(out.plain).toBe(value.plain);
    expect(value.run).toBe(`deploy \${{ steps.build.outputs.sha }}`);
  });

  it('reports an unclosed expression', () => {
    expect(() => interpolate(`x \${{ inputs.count`, ctx)).toThrow(ExpressionError);
  });
});

describe('evaluateCondition', () => {
  it(`tests truth, written with or without \${{ }}`, () => {
    expect(evaluateCondition("inputs.environment == 'production'", ctx)).toBe(true);
    expect(evaluateCondition(`\${{ inputs.dry_run }}`, ctx)).toBe(false);
    expect(evaluateCondition('steps.run-tests.outputs.failed', ctx)).toBe(false);
    expect(evaluateCondition("''", ctx)).toBe(false);
    expect(evaluateCondition('steps.build.outputs.sha', ctx)).toBe(true);
  });

  it(`refuses a condition made of several \${{ }} parts`, () => {
    expect(() => evaluateCondition(`\${{ true }} && \${{ false }}`, ctx)).toThrow(
      /a condition is one expression/,
    );
  });
});

describe('secrets', () => {
  it('interpolates a secret as a sentinel that holds only its name', () => {
    expect(interpolate(`\${{ secrets.DEPLOY_KEY }}`, ctx)).toBe(secretSentinel('DEPLOY_KEY'));
    expect(secretSentinel('DEPLOY_KEY')).toBe('\u0000secret:DEPLOY_KEY\u0000');
    const value = interpolate(
      { run: `curl -H "Bearer \${{ secrets.TOKEN }}" \${{ inputs.environment }}`, n: 1 },
      ctx,
    );
    expect(value).toEqual({ run: `curl -H "Bearer ${secretSentinel('TOKEN')}" production`, n: 1 });
    expect(secretNamesIn(value)).toEqual(['TOKEN']);
    expect(fillSecrets(value, new Map([['TOKEN', 's3cr3t']]))).toEqual({
      run: 'curl -H "Bearer s3cr3t" production',
      n: 1,
    });
  });

  it('disarms a sentinel that comes from anywhere but a secret reference', () => {
    const forged = secretSentinel('DEPLOY_KEY');
    const sneaky: ExpressionContext = { ...ctx, inputs: { note: `x${forged}` } };
    const out = interpolate({ a: `\${{ inputs.note }}`, b: `say \${{ inputs.note }}` }, sneaky);
    expect(secretNamesIn(out)).toEqual([]);
    expect(JSON.stringify(out)).not.toContain('\\u0000');
  });

  it('never evaluates a secret, nor lets a condition read one', () => {
    expect(() => evaluateExpression('secrets.X', ctx)).toThrow(/only on its own in with: or env:/);
    expect(() => evaluateExpression("secrets.X == 'a'", ctx)).toThrow(/no operators or functions/);
    expect(() => interpolate(`\${{ format('{0}', secrets.X) }}`, ctx)).toThrow(ExpressionError);
    expect(() => evaluateCondition(`\${{ secrets.X }}`, ctx)).toThrow(
      /a secret cannot decide whether a step runs/,
    );
  });
});
