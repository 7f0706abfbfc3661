/**
 * @module defineRule: the typed identity helper every rule file default-exports through, plus the
 * message templating the runner uses (eslint's `{{placeholder}}` messages).
 */
import type { Rule } from '../types.ts'

/** Declares a rule; the type parameter is what `collect` gathers per file for `checkRepo`. */
export function defineRule<T = never>(rule: Rule<T>): Rule<T> {
  return rule
}

/** Fills `{{name}}` placeholders; unknown names stay visible so a missing datum is noticed. */
export function formatMessage(template: string, data: Record<string, string> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => data[k] ?? m)
}
