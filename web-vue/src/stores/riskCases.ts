import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError } from '@/api/http'
import { riskApi } from '@/api/endpoints'
import type { RiskCaseDetail, RiskCaseFilters, RiskCaseKind, RiskCaseStatus, RiskCaseSummary, RiskDecision } from '@/api/types'
import { endOfDayIso, startOfDayIso } from '@/utils/risk'

export const CASE_PAGE_SIZES = [20, 50, 100] as const

type Status = 'idle' | 'loading' | 'ready' | 'error'

/** What the queue's filter bar edits; the date range is two local days (yyyy-MM-dd), both included. */
export interface CaseQueueFilters {
  status: RiskCaseStatus | ''
  kind: RiskCaseKind | ''
  outcome: 'review' | 'decline' | ''
  dateRange: [string, string] | null
}

export const defaultCaseFilters = (): CaseQueueFilters => ({ status: 'open', kind: '', outcome: '', dateRange: null })

export function toApiFilters(filters: CaseQueueFilters): RiskCaseFilters {
  const [from, to] = filters.dateRange ?? []
  return {
    status: filters.status,
    kind: filters.kind,
    outcome: filters.outcome,
    from: from ? startOfDayIso(from) : undefined,
    to: to ? endOfDayIso(to) : undefined,
  }
}

const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

export const useRiskCasesStore = defineStore('riskCases', () => {
  // The queue. It survives a visit to a case, so coming back keeps the officer's filters and page.
  const filters = ref<CaseQueueFilters>(defaultCaseFilters())
  const page = ref(1)
  const pageSize = ref<number>(CASE_PAGE_SIZES[0])
  const items = ref<RiskCaseSummary[]>([])
  const total = ref(0)
  const status = ref<Status>('idle')
  const error = ref<ApiError | null>(null)
  let queueRequest = 0

  // The case being looked at.
  const current = ref<RiskCaseDetail | null>(null)
  const detailStatus = ref<Status>('idle')
  const detailError = ref<ApiError | null>(null)
  let detailRequest = 0

  const hasQueue = computed(() => status.value === 'ready' || (status.value === 'loading' && total.value > 0))

  async function load(): Promise<void> {
    const mine = ++queueRequest
    status.value = 'loading'
    try {
      const result = await riskApi.cases(toApiFilters(filters.value), page.value, pageSize.value)
      if (mine !== queueRequest) return
      items.value = result?.items ?? []
      total.value = result?.total ?? 0
      status.value = 'ready'
      error.value = null
    } catch (e) {
      if (mine !== queueRequest) return
      error.value = toApiError(e)
      status.value = 'error'
    }
  }

  /** New filters start again at the first page. */
  function applyFilters(next: Partial<CaseQueueFilters>): Promise<void> {
    filters.value = { ...filters.value, ...next }
    page.value = 1
    return load()
  }

  function resetFilters(): Promise<void> {
    filters.value = defaultCaseFilters()
    page.value = 1
    return load()
  }

  function setPage(next: number): Promise<void> {
    page.value = next
    return load()
  }

  function setPageSize(next: number): Promise<void> {
    pageSize.value = next
    page.value = 1
    return load()
  }

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
    const updated = await riskApi.decide(c.id, decision, text, keyFor(c.id, decision, text))
    attempt = null
    // The answer is the updated case; keep what it leaves out (context, history) from what is on screen.
    const merged: RiskCaseDetail = { ...c, ...(updated ?? {}), status: updated?.status ?? 'resolved', resolution: updated?.resolution ?? decision }
    if (current.value?.id === c.id) current.value = merged
    items.value = items.value.map((item) =>
      item.id === c.id ? { ...item, status: merged.status, resolution: merged.resolution, resolvedAt: merged.resolvedAt } : item,
    )
  }

  function reset(): void {
    filters.value = defaultCaseFilters()
    page.value = 1
    items.value = []
    total.value = 0
    status.value = 'idle'
    error.value = null
    current.value = null
    detailStatus.value = 'idle'
    detailError.value = null
    queueRequest++
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
    load,
    applyFilters,
    resetFilters,
    setPage,
    setPageSize,
    loadCase,
    decide,
    reset,
  }
})
