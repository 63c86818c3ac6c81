import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, isStillProcessing } from '@/api/http'
import { riskApi } from '@/api/endpoints'
import { usePagedList, type LoadStatus } from '@/composables/usePagedList'
import type {
  RiskAssigneeFilter,
  RiskCaseDetail,
  RiskCaseFilters,
  RiskCaseKind,
  RiskCaseNote,
  RiskCaseStatus,
  RiskCaseSummary,
  RiskDecision,
} from '@/api/types'
import { businessDayStartIso, dayAfter } from '@/utils/businessTime'

/**
 * What the queue's filter bar edits; the date range is two business days (yyyy-MM-dd, Beijing time, as the page says),
 * both included.
 */
export interface CaseQueueFilters {
  status: RiskCaseStatus | ''
  kind: RiskCaseKind | ''
  /** How resolved cases were decided. */
  resolution: RiskDecision | ''
  /** Anyone's cases (''), the signed-in officer's, or those nobody has claimed. */
  assignee: RiskAssigneeFilter | ''
  dateRange: [string, string] | null
}

export const defaultCaseFilters = (): CaseQueueFilters => ({ status: 'open', kind: '', resolution: '', assignee: '', dateRange: null })

export function toApiFilters(filters: CaseQueueFilters): RiskCaseFilters {
  const [from, to] = filters.dateRange ?? []
  return {
    status: filters.status,
    kind: filters.kind,
    resolution: filters.resolution,
    assignee: filters.assignee,
    // The server takes instants and keeps cases opened at or after `from` and before `to`: the first day's Beijing
    // midnight, and the Beijing midnight that ends the last day.
    from: from ? businessDayStartIso(from) : undefined,
    to: to ? businessDayStartIso(dayAfter(to)) : undefined,
  }
}

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

export const useRiskCasesStore = defineStore('riskCases', () => {
  // The queue. It survives a visit to a case, so coming back keeps the officer's filters and page.
  const queue = usePagedList<RiskCaseSummary, CaseQueueFilters>(
    (filters, page, pageSize) => riskApi.cases(toApiFilters(filters), page, pageSize),
    defaultCaseFilters,
  )
  const { filters, page, pageSize, items, total, status, error } = queue

  // The case being looked at.
  const current = ref<RiskCaseDetail | null>(null)
  const detailStatus = ref<LoadStatus>('idle')
  const detailError = ref<ApiError | null>(null)
  let detailRequest = 0

  const hasQueue = computed(() => status.value === 'ready' || (status.value === 'loading' && total.value > 0))

  async function loadCase(id: string): Promise<void> {
    const mine = ++detailRequest
    if (current.value?.id !== id) current.value = null
    detailStatus.value = 'loading'
    try {
      const result = await riskApi.case(id)
      if (mine !== detailRequest) return
      current.value = result
      detailStatus.value = 'ready'
      detailError.value = null
    } catch (e) {
      if (mine !== detailRequest) return
      detailError.value = toApiError(e)
      detailStatus.value = 'error'
    }
  }

  /** Resolves the current case. Throws the ApiError (400, 409, …) for the caller to explain. */
  // One key per decision the officer means: sending the same decision and comment again after a lost answer reuses
  // it, so the server replays what it did the first time instead of refusing a "second" decision.
  let attempt: { caseId: string; decision: RiskDecision; comment: string; key: string } | null = null

  function keyFor(caseId: string, decision: RiskDecision, comment: string): string {
    if (attempt?.caseId !== caseId || attempt.decision !== decision || attempt.comment !== comment) {
      attempt = { caseId, decision, comment, key: crypto.randomUUID() }
    }
    return attempt.key
  }

  async function decide(decision: RiskDecision, comment: string): Promise<void> {
    const c = current.value
    if (!c) return
    const text = comment.trim()
    let updated: RiskCaseDetail | undefined
    try {
      updated = await riskApi.decide(c.id, decision, text, keyFor(c.id, decision, text))
    } catch (e) {
      // A definite refusal (4xx) is stored under its key and would be replayed: the next try (say, after taking the
      // case over) needs a new one. No answer, a 5xx or a 409 "still being processed" (the first request with this key
      // is still running, and nothing is stored yet) keeps it, so a retry cannot decide twice.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && !isStillProcessing(e)) attempt = null
      throw e
    }
    attempt = null
    // The answer is the updated case; keep what it leaves out (context, history) from what is on screen.
    // A decided case is closed, and only open cases are worked on: nobody holds it any more.
    const merged: RiskCaseDetail = {
      ...c,
      ...(updated ?? {}),
      status: updated?.status ?? 'resolved',
      resolution: updated?.resolution ?? decision,
      assignee: null,
    }
    if (current.value?.id === c.id) current.value = merged
    items.value = items.value.map((item) =>
      item.id === c.id ? { ...item, status: merged.status, resolution: merged.resolution, resolvedAt: merged.resolvedAt, assignee: null } : item,
    )
  }

  /** Shows the server's answer (the whole case) for the case on screen, and its assignee in the queue. */
  function applyDetail(id: string, updated: RiskCaseDetail | undefined): void {
    if (!updated) return
    const c = current.value
    if (c?.id === id) current.value = { ...c, ...updated }
    items.value = items.value.map((item) =>
      item.id === id ? { ...item, status: updated.status, resolution: updated.resolution, assignee: updated.assignee ?? null } : item,
    )
  }

  /** Claims the current case (`takeOver`: from the officer who holds it). Throws the ApiError (409, …) for the caller. */
  async function claim(takeOver = false): Promise<void> {
    const c = current.value
    if (!c) return
    applyDetail(c.id, await riskApi.claimCase(c.id, takeOver))
  }

  /** Gives back the current case. Throws the ApiError (409, …) for the caller. */
  async function release(): Promise<void> {
    const c = current.value
    if (!c) return
    applyDetail(c.id, await riskApi.releaseCase(c.id))
  }

  /** Adds a note to the current case and shows it last. Throws the ApiError (400, …) for the caller. */
  async function addNote(text: string): Promise<RiskCaseNote | null> {
    const c = current.value
    if (!c) return null
    const note = await riskApi.addCaseNote(c.id, text.trim())
    const now = current.value
    if (note && now?.id === c.id) current.value = { ...now, notes: [...(now.notes ?? []), note] }
    return note ?? null
  }

  function reset(): void {
    queue.reset()
    current.value = null
    detailStatus.value = 'idle'
    detailError.value = null
    detailRequest++
  }

  return {
    filters,
    page,
    pageSize,
    items,
    total,
    status,
    error,
    hasQueue,
    current,
    detailStatus,
    detailError,
    load: queue.load,
    applyFilters: queue.applyFilters,
    resetFilters: queue.resetFilters,
    setPage: queue.setPage,
    setPageSize: queue.setPageSize,
    loadCase,
    decide,
    claim,
    release,
    addNote,
    reset,
  }
})
