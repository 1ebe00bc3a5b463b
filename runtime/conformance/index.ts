// Conformance interpreter: runs ../shared/conformance scenarios on the kernel (virtual clock).
export { runScenario, term } from './interpreter';
export { parseScenario, ScenarioError } from './scenario';
export type { Scenario } from './scenario';
