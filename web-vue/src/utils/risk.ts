import type { DailyRiskReport, LedgerInt, RiskCaseSummary, RuleAction, RuleMode, RuleSettings } from '@/api/types'
import { formatMoney } from './format'

export const RULE_MODES: readonly RuleMode[] = ['active', 'shadow', 'disabled']
export const RULE_ACTIONS: readonly RuleAction[] = ['review', 'decline']
export const SCORE_MIN = 0
export const SCORE_MAX = 1000
export const COMMENT_MAX = 500

/** An amount in minor units (number or exact string) for people; BigInt keeps it exact. */
export function formatMinor(amount: LedgerInt, currency: string, locale: string): string {
  try {
    return formatMoney(BigInt(amount), currency, locale)
  } catch {
    return `${amount} ${currency}`
  }
}

/** A 0–1 rate as a percentage for people ("12.5%"). Rates are not money, so plain number maths is fine. */
export function formatPercent(rate: number, locale: string): string {
  if (!Number.isFinite(rate)) return '—'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate)
}

/** A 0–1 rate as a percentage for files: "12.50", locale-independent. */
export function percentForFile(rate: number): string {
  return Number.isFinite(rate) ? (Math.round(rate * 10000) / 100).toFixed(2) : ''
}

type CaseState = Pick<RiskCaseSummary, 'status' | 'resolution'>

/** The i18n key of a case's state: open, withdrawn, or what was decided. */
export function caseStateKey(c: CaseState): string {
  if (c.status === 'open' || c.status === 'withdrawn') return `risk.cases.status.${c.status}`
  return `risk.cases.resolution.${c.resolution ?? 'resolved'}`
}

export function caseStateTagType(c: CaseState): 'warning' | 'info' | 'danger' | 'success' {
  if (c.status === 'open') return 'warning'
  if (c.status === 'withdrawn') return 'info'
  return c.resolution === 'decline' ? 'danger' : 'success'
}

export function formatScore(score: number | null | undefined, locale: string): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—'
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(score)
}

/** A local calendar day as yyyy-MM-dd. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The `days` calendar days ending with `last` (yyyy-MM-dd), oldest first. */
export function daysEnding(last: string, days: number): string[] {
  const [y, m, d] = last.split('-').map(Number) as [number, number, number]
  const result: string[] = []
  for (let i = days - 1; i >= 0; i--) result.push(localDate(new Date(y, m - 1, d - i)))
  return result
}

type Translate = (key: string) => string

const REPORT_COLUMNS = [
  'date',
  'total',
  'approve',
  'review',
  'decline',
  'reviewRate',
  'resolvedCases',
  'falsePositiveRate',
  'topRules',
] as const

/** One row per day; rates as percentages with two decimals, top rules as "code (hits)" separated by "; ". */
export function reportCsvRows(reports: readonly DailyRiskReport[], t: Translate): string[][] {
  const header = REPORT_COLUMNS.map((c) => t(`risk.report.csv.${c}`))
  const rows = reports.map((r) => [
    r.date,
    String(r.total),
    String(r.approve),
    String(r.review),
    String(r.decline),
    percentForFile(r.reviewRate),
    String(r.resolvedCases),
    percentForFile(r.falsePositiveRate),
    (r.topRules ?? []).map((rule) => `${rule.code} (${rule.hits})`).join('; '),
  ])
  return [header, ...rows]
}

/** Text fields of the propose-change form; numbers stay strings until validated so nothing is silently coerced. */
export interface ProposalForm {
  mode: RuleMode
  action: RuleAction
  score: string
  parameters: Record<string, string>
  comment: string
}

export type ProposalErrors = Partial<Record<string, string>>

const INTEGER = /^\d+$/
const SIGNED_INTEGER = /^[+-]?\d+$/

/**
 * The largest value any rule parameter may have (the risk service's MaxParameter). Parameters are whole numbers (Int64
 * on the server), compared here as BigInt so no float rounding decides. The server bounds each parameter further
 * (a percentage 0 to 100, an amount up to 10^12 minor units, …), all within this; its message for a parameter is
 * shown under that parameter's field.
 */
export const PARAMETER_MAX = 10_000_000_000_000n

/**
 * Checks the form and builds the request body. Errors are i18n keys per field: "score", "comment",
 * "parameters.<name>" and "form" (nothing changed).
 */
export function validateProposal(
  form: ProposalForm,
  current: RuleSettings,
): { settings: RuleSettings; errors: ProposalErrors } {
  const errors: ProposalErrors = {}
  if (!RULE_MODES.includes(form.mode)) errors.mode = 'risk.rules.errors.mode'
  if (!RULE_ACTIONS.includes(form.action)) errors.action = 'risk.rules.errors.action'

  const scoreText = form.score.trim()
  const score = Number(scoreText)
  if (!INTEGER.test(scoreText) || score < SCORE_MIN || score > SCORE_MAX) errors.score = 'risk.rules.errors.score'

  const parameters: Record<string, number> = {}
  for (const name of Object.keys(current.parameters)) {
    const text = (form.parameters[name] ?? '').trim()
    if (!SIGNED_INTEGER.test(text)) {
      errors[`parameters.${name}`] = 'risk.rules.errors.parameter'
      continue
    }
    const value = BigInt(text)
    if (value < 0n || value > PARAMETER_MAX) errors[`parameters.${name}`] = 'risk.rules.errors.parameterRange'
    // Exact as a number: PARAMETER_MAX is below 2^53.
    else parameters[name] = Number(value)
  }

  const comment = form.comment.trim()
  if (comment.length === 0) errors.comment = 'risk.errors.commentRequired'
  else if (comment.length > COMMENT_MAX) errors.comment = 'risk.errors.commentTooLong'

  const settings: RuleSettings = { mode: form.mode, action: form.action, score, parameters }
  if (Object.keys(errors).length === 0 && sameSettings(settings, current)) errors.form = 'risk.rules.errors.unchanged'
  return { settings, errors }
}

export function sameSettings(a: RuleSettings, b: RuleSettings): boolean {
  const names = new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])
  return (
    a.mode === b.mode &&
    a.action === b.action &&
    a.score === b.score &&
    [...names].every((n) => a.parameters[n] === b.parameters[n])
  )
}

/** The i18n key of a problem with a free-text comment, or null when it is fine. */
export function commentError(comment: string): string | null {
  const text = comment.trim()
  if (text.length === 0) return 'risk.errors.commentRequired'
  if (text.length > COMMENT_MAX) return 'risk.errors.commentTooLong'
  return null
}

export const NOTE_MAX = 1000

// Control characters other than line breaks and tabs; the server refuses them.
const NOTE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

/** The i18n key of a problem with a case note, or null when it can be sent. */
export function noteError(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed.length === 0) return 'risk.notes.errors.required'
  if (trimmed.length > NOTE_MAX) return 'risk.notes.errors.tooLong'
  if (NOTE_CONTROL.test(trimmed)) return 'risk.notes.errors.control'
  return null
}
