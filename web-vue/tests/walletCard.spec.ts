import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '@/i18n'
import WalletCard from '@/components/WalletCard.vue'
import { formatMoney } from '@/utils/format'
import { flush, jsonResponse, mockFetch } from './helpers'

function mount() {
  const el = document.createElement('div')
  document.body.appendChild(el)
  // The card links to the wallet page; any path will do for the test router.
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] })
  const app = createApp(WalletCard).use(createPinia()).use(i18n).use(router)
  app.mount(el)
  return { el, unmount: () => (app.unmount(), el.remove()) }
}

afterEach(() => vi.unstubAllGlobals())

describe('WalletCard', () => {
  it('shows the balance, pending amount and signed activity', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse([
        { id: 5, currency: 'CNY', code: 100, ownerId: 'u', flags: [], debitsPending: 250, debitsPosted: 0, creditsPending: 0, creditsPosted: 1000, availableBalance: 750, timestamp: 1 },
      ]),
      jsonResponse({
        items: [
          { id: 1, debitAccountId: 9, creditAccountId: 5, amount: 1000, currency: 'CNY', code: 1, flags: [], pendingId: null, timeoutSeconds: 0, timestamp: 1_700_000_000_000_000_000 },
        ],
        nextCursor: 1_600_000_000_000_000_000,
      }),
    )
    const { el, unmount } = mount()
    await flush()
    expect(el.querySelector('[data-testid="wallet-balance"]')?.textContent).toBe(formatMoney(750n, 'CNY', 'en'))
    expect(el.querySelector('[data-testid="wallet-pending"]')?.textContent).toContain(formatMoney(250n, 'CNY', 'en'))
    const row = el.querySelector('[data-testid="wallet-transfer"]')!
    expect(row.getAttribute('data-direction')).toBe('in')
    expect(row.textContent).toContain(`+${formatMoney(1000n, 'CNY', 'en')}`)
    expect(el.querySelector('[data-testid="wallet-load-more"]')).not.toBeNull()
    expect(el.querySelector('[data-testid="wallet-view-all"]')?.getAttribute('href')).toBe('/wallet')
    unmount()
  })

  it('says the wallet is being opened while it does not exist yet', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse([]))
    const { el, unmount } = mount()
    await flush()
    expect(el.querySelector('[data-testid="wallet-opening"]')?.textContent).toContain('Opening your wallet')
    expect(el.querySelector('[data-testid="wallet-balance"]')).toBeNull()
    unmount()
    i18n.global.locale.value = 'zh-CN'
  })
})
