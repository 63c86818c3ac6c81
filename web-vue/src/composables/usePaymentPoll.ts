import { inject, onScopeDispose, ref, shallowRef, watch, type InjectionKey } from 'vue'
import { ApiError } from '@/api/http'
import { paymentsApi, type PaymentDetail, type PaymentView } from '@/api/payments'
import { DEFAULT_POLL_TIMING, isTerminal, mayStillComplete, nextPollDelay, type PollTiming } from '@/utils/payments'

/** Lets a test (or a future setting) change how often orders are polled. */
export const PAYMENT_POLL_TIMING: InjectionKey<PollTiming> = Symbol('paymentPollTiming')

/** Answers after which looking again cannot help: the order is not (or no longer) this customer's, or the session is gone. */
const FINAL_ERRORS = new Set([401, 403, 404])

const fingerprint = (o: PaymentDetail) => `${o.status}|${o.updatedAt}|${o.timeline?.length ?? 0}`

/**
 * Follows one order until it is completed or failed: a look every second at first, slower the longer nothing changes
 * (and after failed requests), back to every second when something does. Stops on a terminal status, on 404, when
 * the id changes and when the component goes away; a hidden tab skips its looks and catches up once visible again.
 * A top-up that failed only because the card acquirer did not confirm in time (mayStillComplete) can still complete
 * if the acquirer confirms later, so it is looked at slowly (every `lateMs`) for `lateForMs` after it failed.
 */
export function usePaymentPoll(orderId: () => string | null) {
  const timing = inject(PAYMENT_POLL_TIMING, DEFAULT_POLL_TIMING)
  const lateMs = timing.lateMs ?? DEFAULT_POLL_TIMING.lateMs!
  const lateForMs = timing.lateForMs ?? DEFAULT_POLL_TIMING.lateForMs!
  const order = shallowRef<PaymentDetail | null>(null)
  const error = ref<unknown>(null)
  const loading = ref(false)
  /** Another look is planned (false once terminal, on a final error, or before anything started). */
  const polling = ref(false)

  let run = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let delay = timing.firstMs
  let waitingForVisible = false
  /** The id the current run follows. */
  let followed: string | null = null
  /** When this run first saw the order failed yet able to complete (Date.now()), or null. */
  let lateSince: number | null = null

  /**
   * Whether a failed order is still worth a slow look: a top-up the acquirer may yet confirm, for `lateForMs` counted
   * both from when it failed (an old failure opened again is not followed afresh) and from when this page first saw it.
   */
  function worthWaitingFor(o: PaymentDetail): boolean {
    if (!mayStillComplete(o)) return false
    const now = Date.now()
    lateSince ??= now
    const failedAt = Date.parse(o.updatedAt)
    return now - lateSince < lateForMs && !(Number.isFinite(failedAt) && now - failedAt >= lateForMs)
  }

  function clear(): void {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    waitingForVisible = false
  }

  function schedule(mine: number, ms: number): void {
    clear()
    polling.value = true
    timer = setTimeout(() => void look(mine), ms)
  }

  async function look(mine: number): Promise<void> {
    timer = undefined
    const id = orderId()
    if (mine !== run || !id) return
    if (document.visibilityState === 'hidden') {
      waitingForVisible = true
      return
    }
    loading.value = true
    try {
      const next = await paymentsApi.order(id)
      if (mine !== run) return
      const before = order.value
      order.value = { ...next, timeline: next.timeline ?? [] }
      error.value = null
      if (isTerminal(next.status)) {
        if (worthWaitingFor(order.value)) schedule(mine, lateMs)
        else polling.value = false
        return
      }
      lateSince = null
      delay = before && fingerprint(before) === fingerprint(order.value) ? nextPollDelay(delay, 'same', timing) : timing.firstMs
      schedule(mine, delay)
    } catch (e) {
      if (mine !== run) return
      error.value = e
      if (e instanceof ApiError && FINAL_ERRORS.has(e.status)) {
        polling.value = false
        return
      }
      // A failed look while waiting slowly for a failed top-up: keep the slow pace, within the same time.
      const shown = order.value
      if (lateSince !== null && shown && isTerminal(shown.status)) {
        if (worthWaitingFor(shown)) schedule(mine, lateMs)
        else polling.value = false
        return
      }
      delay = nextPollDelay(delay, 'error', timing)
      schedule(mine, delay)
    } finally {
      if (mine === run) loading.value = false
    }
  }

  /**
   * Starts following the current id afresh, looking straight away. `seed` (e.g. the 202 answer to the payment) is shown
   * until the first look answers.
   */
  function start(seed?: PaymentView | PaymentDetail): void {
    const mine = ++run
    followed = orderId()
    clear()
    delay = timing.firstMs
    lateSince = null
    error.value = null
    loading.value = false
    polling.value = followed !== null
    order.value = seed ? { ...seed, timeline: 'timeline' in seed ? seed.timeline : [] } : null
    if (followed) void look(mine)
  }

  function stop(): void {
    run++
    clear()
    polling.value = false
    loading.value = false
  }

  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible' && waitingForVisible) {
      waitingForVisible = false
      void look(run)
    }
  }
  document.addEventListener('visibilitychange', onVisibilityChange)

  // A new id starts afresh; start(seed) called for the new id first is not repeated.
  watch(
    orderId,
    (id) => {
      if (id !== followed) start()
    },
    { immediate: true },
  )

  onScopeDispose(() => {
    stop()
    document.removeEventListener('visibilitychange', onVisibilityChange)
  })

  return { order, error, loading, polling, start, stop }
}
