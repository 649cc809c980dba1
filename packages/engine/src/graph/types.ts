/** The shape the graph functions work on; a `StepDefinition` fits it. */
export interface GraphStep {
  id: string;
  dependsOn: readonly string[];
}
