import { InvalidArgumentError } from 'commander';

/** Commander parsers for the CLI's option values; each names what it expected. */

export const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError('expected a positive whole number');
  }
  return n;
};

export const parsePort = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  }
  return n;
};

/** For repeatable options such as `--input a=1 --input b=2`. */
export const collect = (value: string, previous: string[]) => [...previous, value];
