/** The end of every `switch` over a union: a new member is a type error here. */
export function exhaustive(value: never): never {
  throw new Error(`unhandled value ${String(value)}`);
}
