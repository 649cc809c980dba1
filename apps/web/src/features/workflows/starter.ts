/** The YAML a new workflow starts from: valid, small, one beat per universe. */
export function starterYaml(name: string): string {
  return `name: ${name}
narrative: "A change travels from a first check to a tagged release"
steps:
  - id: check
    action: shell
    universe: engineer
    beat: "The checks pass: the change holds"
    with: { run: "echo checking" }
  - id: review
    action: noop
    universe: ceremony
    depends_on: [check]
    beat: "The team agrees it is ready"
  - id: announce
    action: shell
    universe: story
    depends_on: [review]
    beat: "The change enters the life of the codebase"
    with: { run: "echo released" }
`;
}
