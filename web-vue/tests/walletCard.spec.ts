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

  it.each(['en', 'zh-CN'] as const)('names each ledger step of a payment in %s, a released hold without a sign', async (locale) => {
    i18n.global.locale.value = locale
    const base = { debitAccountId: 5, creditAccountId: 9, currency: 'CNY', code: 1, timeoutSeconds: 0 }
    mockFetch(
      jsonResponse([
        { id: 5, currency: 'CNY', code: 100, ownerId: 'u', flags: [], debitsPending: 0, debitsPosted: 3000, creditsPending: 0, creditsPosted: 100000, availableBalance: 97000, timestamp: 1 },
      ]),
      jsonResponse({
        // Newest first: a declined ¥100 payment (held, then released) and a completed ¥30 one (held, then captured).
        items: [
          { ...base, id: 4, amount: 10000, flags: ['void_pending_transfer'], pendingId: 3, timestamp: 1_700_000_004_000_000_000 },
          { ...base, id: 3, amount: 10000, flags: ['pending'], pendingId: null, timestamp: 1_700_000_003_000_000_000 },
          { ...base, id: 2, amount: 3000, flags: ['post_pending_transfer'], pendingId: 1, timestamp: 1_700_000_002_000_000_000 },
          { ...base, id: 1, amount: 3000, flags: ['pending'], pendingId: null, timestamp: 1_700_000_001_000_000_000 },
        ],
        nextCursor: null,
      }),
    )
    const { el, unmount } = mount()
    await flush()
    const t = (key: string) => i18n.global.t(key)
    const money = (minor: bigint) => formatMoney(minor, 'CNY', locale)
    const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="wallet-transfer"]')]
    const cell = (row: HTMLElement, testId: string) => row.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace('·', '').trim() ?? ''
    expect(rows.map((r) => [cell(r, 'wallet-transfer-kind'), cell(r, 'wallet-transfer-status'), cell(r, 'wallet-transfer-amount')])).toEqual([
      [t('history.kind.holdReleased'), '', money(10000n)],
      [t('history.kind.holdPlaced'), t('history.status.released'), money(-10000n)],
      [t('history.kind.holdCaptured'), '', money(-3000n)],
      [t('history.kind.holdPlaced'), t('history.status.captured'), money(-3000n)],
    ])
    // Nothing here is money out twice for one payment, and nothing says "money out" at all.
    expect(el.textContent).not.toContain(t('wallet.moneyOut'))
    unmount()
    i18n.global.locale.value = 'zh-CN'
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
