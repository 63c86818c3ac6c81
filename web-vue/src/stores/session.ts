import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { bffApi } from '@/api/endpoints'
import type { BffUser } from '@/api/types'

type SignedInUser = Extract<BffUser, { isAuthenticated: true }>

/** Staff roles the SPA acts on; they come from the identity token's `role` claims via /bff/user. */
export const RISK_OFFICER = 'risk_officer'
/** Every registered customer; the customer-only parts (the notifications inbox and its live bell) need it. */
export const CUSTOMER = 'customer'
/** Every member of staff; the notifications console needs it. */
export const STAFF = 'staff'
/** Staff who work the reconciliation's differences (suspense items). */
export const PAYMENTS_OPERATOR = 'payments_operator'
/** Staff who help customers who cannot sign in (resetting a lost authenticator, with the caller's identity checked). */
export const SUPPORT_AGENT = 'support_agent'

/** Only same-site paths may be handed to the BFF as a return target (no open redirects). */
export function safeReturnUrl(value: unknown, fallback = '/dashboard'): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : fallback
}

export function signInUrl(returnUrl = '/dashboard'): string {
  return `/bff/login?${new URLSearchParams({ returnUrl: safeReturnUrl(returnUrl) })}`
}

export function registerUrl(returnUrl = '/dashboard'): string {
  return `/bff/login?${new URLSearchParams({ returnUrl: safeReturnUrl(returnUrl), register: 'true' })}`
}

export const useSessionStore = defineStore('session', () => {
  const user = ref<SignedInUser | null>(null)
  const loaded = ref(false)
  /** Set when the user chose to sign out, so live connections close before the browser leaves for the BFF. */
  const signingOut = ref(false)
  let pending: Promise<void> | null = null

  const isAuthenticated = computed(() => user.value !== null)
  const roles = computed<readonly string[]>(() => user.value?.roles ?? [])

  /** Only decides what the SPA shows; every /api call is authorised again by the service behind the gateway. */
  function hasRole(role: string): boolean {
    return roles.value.includes(role)
  }

  /** Asks the BFF once per page load; concurrent callers share the same request. */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= bffApi
      .user()
      .then((result) => {
        user.value = result?.isAuthenticated ? result : null
      })
      .catch(() => {
        // A 401 or an unreachable BFF both mean we cannot act as a signed-in user.
        user.value = null
      })
      .finally(() => {
        loaded.value = true
        pending = null
      })
    return pending
  }

  /** The session ended server-side; forget the user without reloading the page. */
  function clear(): void {
    user.value = null
    loaded.value = true
  }

  function navigate(url: string): void {
    window.location.assign(url)
  }

  return {
    user,
    loaded,
    signingOut,
    isAuthenticated,
    roles,
    hasRole,
    load,
    clear,
    signIn: (returnUrl?: string) => navigate(signInUrl(returnUrl)),
    register: (returnUrl?: string) => navigate(registerUrl(returnUrl)),
    signOut: () => {
      signingOut.value = true
      navigate(user.value?.logoutUrl ?? '/bff/logout')
    },
  }
})
