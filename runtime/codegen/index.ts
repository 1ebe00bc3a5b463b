// Export of a design: a TypeScript project, an Elixir mix project, a Mermaid flowchart (docs/export.md).
export { exportTypeScript, tsTerm, TSCONFIG, type TypeScriptOptions } from './typescript';
export { exportElixir, type ElixirOptions } from './elixir';
export { exportMermaid, type MermaidOptions } from './mermaid';
export { toSpec, type ExportedFiles, type SpecInput } from './input';
export { parseEventLines, processHistories, simulationEvents, type SupervisionEvent } from './events';
