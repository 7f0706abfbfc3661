/** @module Shared types of the readiness audit: repository facts, rules, findings and scores. */
import type { Node, Tree } from 'web-tree-sitter'

export type Severity = 'critical' | 'high' | 'medium' | 'low'

export type CategoryId =
  | 'trading'
  | 'exchange'
  | 'persistence'
  | 'security'
  | 'compliance'
  | 'monitoring'
  | 'analytics'
  | 'code-health'

/** Languages a rule can inspect. `js` files are parsed with the TSX grammar (a superset). */
export type Language = 'ts' | 'python'

/** How a path counts; only `production` paths are judged by source rules (see collect/classify.ts). */
export type PathKind =
  | 'production'
  | 'test'
  | 'bench'
  | 'script'
  | 'config'
  | 'migration'
  | 'docs'
  | 'example'

export interface FileEntry {
  /** POSIX path relative to the audited root. */
  path: string
  kind: PathKind
  /** Set for TS/JS/Python sources. */
  language?: Language
  size: number
}

export interface NpmManifest {
  path: string
  name?: string
  deps: string[]
  imports: string[]
  workspaces: string[]
}

export interface PythonManifest {
  path: string
  /** Normalised distribution names (lowercase, `-` and `.` → `_`). */
  deps: string[]
}

export interface MigrationFacts {
  /** ORM model tables declared in production code, by ORM. */
  drizzleDirs: string[]
  alembicDirs: string[]
  prismaDirs: string[]
  /** Every migration file's text keyed by path (SQL or Alembic Python), for step checks. */
  migrationTexts: Record<string, string>
}

/** Typed facts about the repository gathered before any rule runs; no judgement here. */
export interface RepoFacts {
  files: FileEntry[]
  /** Every path in `files`, for existence checks. */
  paths: ReadonlySet<string>
  /** Every directory that holds at least one of `paths` ('' for the root). */
  dirs: ReadonlySet<string>
  npm: NpmManifest[]
  python: PythonManifest[]
  migrations: MigrationFacts
  /** tsconfig `paths` alias prefixes (e.g. `@/`), so aliased imports are not called missing. */
  tsPathAliases: string[]
  envExamples: Record<string, string>
  /** Files that failed to read (binary, too large) or to parse cleanly, with the reason. */
  skipped: { path: string; reason: string }[]
  /** Result of the live `--url` probe, when one was asked for. */
  probe?: ProbeResult
}

export interface SourceFile {
  path: string
  language: Language
  text: string
  tree: Tree
}

export interface RuleMeta {
  /** `<category>/<name>`, equal to the file path under audit/rules/. */
  id: string
  title: string
  category: CategoryId
  severity: Severity
  languages: Language[]
  rationale: string
  remediation: string
  docsUrl: string
  messages: Record<string, string>
}

export interface Report {
  (node: Node, messageId: string, data?: Record<string, string>): void
}

export interface FileContext {
  file: SourceFile
  facts: RepoFacts
  report: Report
}

export interface RepoContext<T> {
  facts: RepoFacts
  /** What `collect` returned for each production file, keyed by path, in path order. */
  collected: Map<string, T>
  reportAt(
    path: string,
    line: number,
    messageId: string,
    evidence: string,
    data?: Record<string, string>
  ): void
}

export interface Rule<T = unknown> {
  meta: RuleMeta
  /** Runs once per applicable production file. */
  check?(ctx: FileContext): void
  /** Gathers per-file data for `checkRepo`. */
  collect?(ctx: FileContext): T | undefined
  /** Runs once after every file; `applicable` decides N/A for repo-level rules. */
  checkRepo?(ctx: RepoContext<T>): void
  /** Repo-level applicability (e.g. a settings module exists); defaults to "ran on ≥ 1 file". */
  applicable?(facts: RepoFacts, collected: Map<string, T>): boolean
}

export interface Finding {
  ruleId: string
  messageId: string
  category: CategoryId
  severity: Severity
  message: string
  path: string
  line: number
  /** One trimmed source line (≤ 160 chars). */
  evidence: string
  remediation: string
  /** Stable across line moves: hash of rule, path and evidence. */
  fingerprint: string
  suppressed?: { reason: string }
}

export type RuleStatus = 'pass' | 'fail' | 'not-applicable' | 'error'

export interface RuleResult {
  ruleId: string
  category: CategoryId
  severity: Severity
  status: RuleStatus
  /** Files the rule examined. */
  examined: number
  findings: Finding[]
  error?: string
}

export interface CategoryScore {
  id: CategoryId
  title: string
  /** 0–10, or null when not applicable (no rule of the category had anything to check). */
  score: number | null
  weight: number
  counts: Record<Severity, number>
  rules: string[]
}

export interface ScoreResult {
  categories: CategoryScore[]
  overall: number | null
  verdict: 'READY' | 'NOT READY'
  reasons: string[]
  minScore: number
  counts: Record<Severity, number>
}

export interface Suppression {
  rule: string
  path: string
  fingerprint?: string
  reason: string
}

export interface ProbeCheck {
  id: string
  title: string
  ok: boolean
  severity: Severity
  detail: string
}

export interface ProbeResult {
  url: string
  checks: ProbeCheck[]
}

export interface AuditResult {
  /** Display name of the audited root (never an absolute path: reports must be reproducible). */
  root: string
  rules: RuleResult[]
  facts: RepoFacts
  suppressions: (Suppression & { matched: number })[]
  ignoreGlobs: string[]
  score: ScoreResult
}
