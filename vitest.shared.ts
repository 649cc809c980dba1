// Tests import the workspace packages from their TypeScript sources (the `@arcflow/source`
// export condition), so they never run a stale build; only the CLI's child processes run dist/.
export const sourceConditions = ['@arcflow/source'];
export const resolveFromSource = {
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
};
