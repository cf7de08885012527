/** What every reporter receives besides the report itself. */
import type { RuleMeta } from '../engine/rule.js';

export interface ReportContext {
  /** Metadata of the rules that ran (titles, help, CWE, severity); results of unknown rules still render. */
  rules: readonly RuleMeta[];
  /** ANSI colours (console only). */
  color: boolean;
  toolVersion: string;
  /**
   * The directory report paths are relative to. Only used to turn an absolute path inside it back into a
   * relative one; it is never printed, so the machine's layout does not leak into shared reports.
   */
  cwd?: string;
  /** Console: only fail/unknown results and errors (no passes, suppressed results, warnings or summary). */
  quiet?: boolean;
  /**
   * Absolute URI that relative paths resolve against (e.g. `https://github.com/org/repo/blob/main/`):
   * SARIF `originalUriBaseIds.SRCROOT.uri`, link targets in markdown and HTML.
   */
  uriBase?: string;
  /** Console and SARIF: also list pass and not-applicable results (every format counts them in the summary). */
  includePassing?: boolean;
  /** SARIF `tool.driver.informationUri`: the project's public page, omitted when not given. */
  informationUri?: string;
  /** Base URI the rules' `docs` paths resolve against for SARIF `helpUri` and HTML links; omitted when not given. */
  docsBaseUri?: string;
}
