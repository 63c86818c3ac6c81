import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { bffApi } from '@/api/endpoints'
import type { BffUser } from '@/api/types'

type SignedInUser = Extract<BffUser, { isAuthenticated: true }>

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
  let pending: Promise<void> | null = null

  const isAuthenticated = computed(() => user.value !== null)

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
    isAuthenticated,
    load,
    clear,
    signIn: (returnUrl?: string) => navigate(signInUrl(returnUrl)),
    register: (returnUrl?: string) => navigate(registerUrl(returnUrl)),
    signOut: () => navigate(user.value?.logoutUrl ?? '/bff/logout'),
  }
})
