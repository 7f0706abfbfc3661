/**
 * @module Memoised async initialisation (key imports) that retries after a failure instead of
 * caching it. Per instance — callers keep the returned function, never a module-level value.
 */
export function lazy<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    pending ??= init().catch((err: unknown) => {
      pending = undefined
      throw err
    })
    return pending
  }
}
