/**
 * Where a step's `${{ secrets.NAME }}` get their values, right before its action runs. The
 * names come from the step's resolved `with` and `env`; values never go back to the engine.
 */
export interface SecretResolver {
  /**
   * The values of the `names` that are set for this workflow (or for every workflow of the
   * workspace); a name that is not set is simply absent from the map.
   */
  resolve(
    names: readonly string[],
    scope: { workspaceDir: string; workflowName: string },
  ): Promise<Map<string, string>>;
}

/**
 * The resolver until the secrets store is wired: no secret is set, so a step that uses one
 * fails with "secret X is not set in this workspace" rather than running with a stand-in.
 */
export const noSecretsSet: SecretResolver = {
  resolve: async () => new Map(),
};
