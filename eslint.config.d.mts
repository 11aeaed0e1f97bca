// Types for what the tests import from eslint.config.mjs (server/authz/literal-rule.test.ts).
import type { Linter } from "eslint";

export const authzLiteralRule: Linter.RuleEntry;
declare const config: Linter.Config[];
export default config;
