import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError } from '@/api/http'
import { ledgerApi } from '@/api/endpoints'
import type { LedgerAccount, LedgerInt, LedgerTransfer } from '@/api/types'
import { historyRows, sameId, type HistoryRow } from '@/utils/transfers'

export { directionOf, sameId, type Direction } from '@/utils/transfers'

/** Ledger account code of a customer's wallet. */
export const WALLET_CODE = 100
export const HISTORY_PAGE_SIZE = 10

export function pickWallet(accounts: LedgerAccount[]): LedgerAccount | null {
  return accounts.find((a) => Number(a.code) === WALLET_CODE) ?? null
}

type Status = 'idle' | 'loading' | 'ready' | 'error'

export const useWalletStore = defineStore('wallet', () => {
  const accounts = ref<LedgerAccount[]>([])
  const status = ref<Status>('idle')
  const error = ref<ApiError | null>(null)

  const transfers = ref<LedgerTransfer[]>([])
  const nextCursor = ref<LedgerInt | null>(null)
  const historyStatus = ref<Status>('idle')
  const historyError = ref<ApiError | null>(null)
  const loadingMore = ref(false)

  // Bumped by reset() and by every accounts load so late answers for a previous user or request are dropped.
  let generation = 0
  let historyRequest = 0

  const wallet = computed(() => pickWallet(accounts.value))
  /** Accounts loaded but the wallet is not open yet (it is created asynchronously after registration). */
  const opening = computed(() => status.value === 'ready' && wallet.value === null)
  const hasMore = computed(() => nextCursor.value !== null)

  /**
   * The loaded transfers as the wallet page reads them (utils/transfers): what each one is from its ledger flags, and a
   * released hold with no sign, since it only gives back what the hold set aside.
   */
  const activity = computed<HistoryRow[]>(() => {
    const w = wallet.value
    return w ? historyRows(transfers.value, w.id) : []
  })

  const toApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0))

  /**
   * Loads the accounts and, once the wallet exists, the first page of its history (unless `history` is false,
   * for pages that page the history themselves). A background load keeps what is on screen if it fails.
   */
  async function load(options: { background?: boolean; history?: boolean } = {}): Promise<void> {
    const request = ++generation
    if (!options.background) status.value = 'loading'
    try {
      const result = await ledgerApi.myAccounts()
      if (request !== generation) return
      const previousId = wallet.value?.id
      accounts.value = Array.isArray(result) ? result : []
      status.value = 'ready'
      error.value = null
      const w = wallet.value
      if (!w || options.history === false) return
      // Fresh history when the wallet first appears, on a foreground load, or if it has not loaded yet.
      if (!options.background || previousId === undefined || !sameId(previousId, w.id) || historyStatus.value !== 'ready') {
        await loadHistory()
      }
    } catch (e) {
      if (request !== generation) return
      error.value = toApiError(e)
      if (!options.background || status.value !== 'ready') status.value = 'error'
    }
  }

  /** The newest page of the wallet's transfers, replacing whatever was shown. */
  async function loadHistory(): Promise<void> {
    const w = wallet.value
    if (!w) return
    const request = ++historyRequest
    const gen = generation
    historyStatus.value = 'loading'
    try {
      const page = await ledgerApi.transfers(w.id, HISTORY_PAGE_SIZE)
      if (request !== historyRequest || gen !== generation) return
      transfers.value = page.items ?? []
      nextCursor.value = page.nextCursor ?? null
      historyStatus.value = 'ready'
      historyError.value = null
    } catch (e) {
      if (request !== historyRequest || gen !== generation) return
      historyError.value = toApiError(e)
      historyStatus.value = 'error'
    } finally {
      if (request === historyRequest) loadingMore.value = false
    }
  }

  /** Appends the next (older) page using the cursor from the last one. */
  async function loadMore(): Promise<void> {
    const w = wallet.value
    const cursor = nextCursor.value
    if (!w || cursor === null || loadingMore.value) return
    const request = ++historyRequest
    const gen = generation
    loadingMore.value = true
    try {
      const page = await ledgerApi.transfers(w.id, HISTORY_PAGE_SIZE, cursor)
      if (request !== historyRequest || gen !== generation) return
      const seen = new Set(transfers.value.map((t) => String(t.id)))
      transfers.value = [...transfers.value, ...(page.items ?? []).filter((t) => !seen.has(String(t.id)))]
      nextCursor.value = page.nextCursor ?? null
      historyError.value = null
    } catch (e) {
      if (request !== historyRequest || gen !== generation) return
      // The rows already shown stay; the error is offered next to the "load more" button.
      historyError.value = toApiError(e)
    } finally {
      if (request === historyRequest) loadingMore.value = false
    }
  }

  function reset(): void {
    accounts.value = []
    status.value = 'idle'
    error.value = null
    transfers.value = []
    nextCursor.value = null
    historyStatus.value = 'idle'
    historyError.value = null
    loadingMore.value = false
    generation++
    historyRequest++
  }

  return {
    accounts,
    status,
    error,
    wallet,
    opening,
    transfers,
    activity,
    nextCursor,
    hasMore,
    historyStatus,
    historyError,
    loadingMore,
    pageSize: HISTORY_PAGE_SIZE,
    load,
    loadHistory,
    loadMore,
    reset,
  }
})
