import { inject, onScopeDispose, watch, type InjectionKey } from 'vue'
import type { HubConnection, IRetryPolicy } from '@microsoft/signalr'
import { useNotificationsStore } from '@/stores/notifications'
import { CUSTOMER, useSessionStore } from '@/stores/session'
import type { Notification, UnreadCount } from '@/api/types'

/** The notifications hub, through the gateway (which attaches the bearer from the BFF session). */
export const HUB_URL = '/api/notifications/hub'

export interface LiveTiming {
  /** How often the count (and the list, when one is shown) is asked for while the hub is not connected. */
  pollMs: number
  /** The first wait before starting a fresh connection after one could not start or was closed; it doubles each time. */
  restartMs: number
  maxRestartMs: number
}

export const DEFAULT_LIVE_TIMING: LiveTiming = { pollMs: 30_000, restartMs: 5_000, maxRestartMs: 60_000 }

/** Lets a test (or a future setting) change how often the fallback looks and how soon a connection is tried again. */
export const NOTIFICATION_LIVE_TIMING: InjectionKey<LiveTiming> = Symbol('notificationLiveTiming')

const RECONNECT_DELAYS_MS = [0, 2_000, 5_000, 10_000, 30_000]

/** Reconnects at once, then after 2, 5 and 10 s, then every 30 s for as long as the page is open: it never gives up. */
export const reconnectPolicy: IRetryPolicy = {
  nextRetryDelayInMilliseconds: ({ previousRetryCount }) =>
    RECONNECT_DELAYS_MS[Math.min(previousRetryCount, RECONNECT_DELAYS_MS.length - 1)]!,
}

/**
 * A connection to the hub. The negotiate POST carries the BFF's anti-forgery header (the gateway refuses state-changing
 * calls without it) and the session cookie; browsers cannot add headers to the WebSocket upgrade itself, which is a GET.
 * The SignalR client is loaded only when a customer signs in, so the landing page and staff never download it.
 */
export async function buildHubConnection(): Promise<HubConnection> {
  const { HubConnectionBuilder, LogLevel } = await import('@microsoft/signalr')
  return new HubConnectionBuilder()
    .withUrl(HUB_URL, { headers: { 'X-CSRF': '1' }, withCredentials: true })
    .withAutomaticReconnect(reconnectPolicy)
    // A dropped connection is expected (sleep, network change) and handled below; keep the console quiet in production.
    .configureLogging(import.meta.env.DEV ? LogLevel.Warning : LogLevel.None)
    .build()
}

type NotificationsStore = ReturnType<typeof useNotificationsStore>

/**
 * No session (401) or no right to the hub (403), from SignalR's HttpError: trying again will not help, and the
 * fallback's own calls will tell the app the session is gone.
 */
function isRefusal(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode
  return status === 401 || status === 403
}

export interface NotificationLive {
  start(): void
  stop(): Promise<void>
}

/**
 * Keeps the notifications store current: `notification` puts a new message on top of the list and counts it,
 * `unread` sets the count. While the hub is not connected (starting, reconnecting, refused, closed) it falls back to
 * asking every `pollMs` while the tab is visible, and tries a fresh connection with a growing wait. Nothing of this is
 * shown to the customer: the bell and the list simply stay up to date a little less promptly.
 */
export function createNotificationLive(
  store: NotificationsStore,
  timing: LiveTiming = DEFAULT_LIVE_TIMING,
  build: () => HubConnection | Promise<HubConnection> = buildHubConnection,
): NotificationLive {
  let run = 0
  let running = false
  let connection: HubConnection | null = null
  let pollTimer: ReturnType<typeof setInterval> | undefined
  let restartTimer: ReturnType<typeof setTimeout> | undefined
  let restartDelay = timing.restartMs

  /** Asks for what may have been missed: the shown list (which brings the count) or just the count. */
  function catchUp(): void {
    if (store.status === 'ready') void store.refresh()
    else void store.loadUnread()
  }

  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible' && running && store.live !== 'connected') catchUp()
  }

  function startPolling(): void {
    if (pollTimer !== undefined) return
    pollTimer = setInterval(() => {
      if (document.visibilityState !== 'hidden') catchUp()
    }, timing.pollMs)
  }

  function stopPolling(): void {
    if (pollTimer !== undefined) clearInterval(pollTimer)
    pollTimer = undefined
  }

  function scheduleRestart(mine: number): void {
    if (restartTimer !== undefined) clearTimeout(restartTimer)
    restartTimer = setTimeout(() => {
      restartTimer = undefined
      if (mine === run) void connect(mine)
    }, restartDelay)
    restartDelay = Math.min(restartDelay * 2, timing.maxRestartMs)
  }

  function down(mine: number, state: 'reconnecting' | 'disconnected'): void {
    if (mine !== run) return
    store.live = state
    startPolling()
  }

  async function connect(mine: number): Promise<void> {
    let c: HubConnection
    try {
      c = await build()
    } catch {
      // The client could not even be loaded (e.g. offline after a deploy): poll, and try again later.
      if (mine !== run) return
      down(mine, 'disconnected')
      scheduleRestart(mine)
      return
    }
    if (mine !== run) return
    connection = c
    const current = () => mine === run && connection === c

    c.on('notification', (item: Notification) => {
      if (current()) store.receive(item)
    })
    c.on('unread', (message: UnreadCount) => {
      if (current() && typeof message?.unread === 'number') store.setUnread(message.unread)
    })
    c.onreconnecting(() => {
      if (!current()) return
      down(mine, 'reconnecting')
      // Something may have been missed, or the gateway closed the connection because the session ended on another
      // device (a 401 here signs this page out): look once now rather than at the first poll.
      catchUp()
    })
    c.onreconnected(() => {
      if (!current()) return
      store.live = 'connected'
      stopPolling()
      // Messages sent while the connection was down are not replayed: look once.
      catchUp()
    })
    c.onclose(() => {
      if (!current()) return
      down(mine, 'disconnected')
      scheduleRestart(mine)
    })

    store.live = 'connecting'
    try {
      await c.start()
    } catch (e) {
      if (!current()) return
      down(mine, 'disconnected')
      if (!isRefusal(e)) scheduleRestart(mine)
      return
    }
    if (!current()) {
      // Stopped (signed out) while it was starting.
      void c.stop().catch(() => {})
      return
    }
    store.live = 'connected'
    stopPolling()
    // A fresh connection after a closed or failed one: what arrived in between was not sent to this client.
    if (restartDelay !== timing.restartMs) catchUp()
    restartDelay = timing.restartMs
  }

  function start(): void {
    if (running) return
    running = true
    const mine = ++run
    restartDelay = timing.restartMs
    document.addEventListener('visibilitychange', onVisibilityChange)
    // The bell's first count does not wait for the hub (which only speaks when something changes).
    void store.loadUnread()
    startPolling()
    void connect(mine)
  }

  async function stop(): Promise<void> {
    run++
    running = false
    stopPolling()
    if (restartTimer !== undefined) clearTimeout(restartTimer)
    restartTimer = undefined
    document.removeEventListener('visibilitychange', onVisibilityChange)
    store.live = 'off'
    const c = connection
    connection = null
    if (!c) return
    c.off('notification')
    c.off('unread')
    try {
      await c.stop()
    } catch {
      // Already gone.
    }
  }

  return { start, stop }
}

/**
 * The app's live notifications: connected while a customer is signed in, stopped when the session ends (sign-out, or
 * a 401 that clears it) and when the owning component goes away.
 */
export function useNotificationLive(build?: () => HubConnection | Promise<HubConnection>): NotificationLive {
  const session = useSessionStore()
  const store = useNotificationsStore()
  const live = createNotificationLive(store, inject(NOTIFICATION_LIVE_TIMING, DEFAULT_LIVE_TIMING), build)

  watch(
    () => session.isAuthenticated && !session.signingOut && session.hasRole(CUSTOMER),
    (wanted) => {
      if (wanted) live.start()
      else void live.stop()
    },
    { immediate: true },
  )

  onScopeDispose(() => void live.stop())
  return live
}
