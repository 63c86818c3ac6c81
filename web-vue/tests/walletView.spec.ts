import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '@/i18n'
import WalletView from '@/views/WalletView.vue'
import { formatDateTime, formatMoney, nanosToIso } from '@/utils/format'
import { flush, jsonResponse, mockFetch, requestOf } from './helpers'

const WALLET = '0f8f5c2e-4d0b-5a6e-9c1d-7b3a2e1f0a01'
const CARD = '6a1e0c9d-2b3f-4e5a-8d7c-1f2e3d4c5b6a'
const SHOP = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d'

const account = () =>
  jsonResponse([
    { id: WALLET, currency: 'CNY', code: 100, ownerId: 'u', flags: [], debitsPending: 2500, debitsPosted: 1000, creditsPending: 0, creditsPosted: 123456, availableBalance: 119956, timestamp: 1 },
  ])

/** A transfer as the server writes it: the nanosecond timestamp and any big id as bare JSON integers. */
function transferJson(id: string, debit: string, credit: string, amount: number, timestamp: string, flags: string[] = [], pendingId: string | null = null): string {
  return `{"id":${id},"debitAccountId":"${debit}","creditAccountId":"${credit}","amount":${amount},"currency":"CNY","code":1,"flags":${JSON.stringify(flags)},"pendingId":${pendingId === null ? 'null' : `"${pendingId}"`},"timeoutSeconds":0,"metadata":null,"timestamp":${timestamp}}`
}

const page = (items: string[], nextCursor: string | null = null) =>
  new Response(`{"items":[${items.join(',')}],"nextCursor":${nextCursor ?? 'null'}}`, { status: 200, headers: { 'Content-Type': 'application/json' } })

function mount() {
  const el = document.createElement('div')
  document.body.appendChild(el)
  // The page links to the send-money, top-up and withdrawal pages, so it needs a router that knows those route names.
  const Stub = defineComponent({ render: () => h('div') })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/wallet', name: 'wallet', component: Stub },
      { path: '/pay', name: 'pay', component: Stub },
      { path: '/topup', name: 'topup', component: Stub },
      { path: '/withdraw', name: 'withdraw', component: Stub },
      { path: '/:rest(.*)*', component: Stub },
    ],
  })
  const app = createApp(WalletView).use(createPinia()).use(i18n).use(router)
  app.mount(el)
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const rows = () => [...el.querySelectorAll<HTMLElement>('tr.transfer-row')]
  const click = async (testId: string) => {
    q(testId)!.click()
    await flush()
  }
  return { el, q, rows, click, unmount: () => (app.unmount(), el.remove()) }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  i18n.global.locale.value = 'zh-CN'
})

describe('WalletView', () => {
  it.each(['en', 'zh-CN'] as const)('shows the balances and the classified history in %s', async (locale) => {
    i18n.global.locale.value = locale
    const ts = '1700000000123456789'
    mockFetch(
      account(),
      page([
        transferJson('"h1"', WALLET, SHOP, 2500, ts, ['pending']),
        transferJson('"t1"', CARD, WALLET, 123456, '1699999999000000000'),
      ]),
    )
    const { q, rows, el, unmount } = mount()
    await flush()
    const money = (minor: bigint) => formatMoney(minor, 'CNY', locale)
    expect(q('balance-available')?.textContent).toBe(money(119956n))
    expect(q('balance-posted')?.textContent).toBe(money(122456n))
    expect(q('balance-on-hold')?.textContent).toBe(money(2500n))

    const [hold, topUp] = rows()
    const t = (key: string) => i18n.global.t(key)
    expect(el.querySelector('[data-testid="transfer-table"]')?.getAttribute('aria-label')).toBe(t('history.caption'))
    expect([...el.querySelectorAll('th')].map((th) => th.textContent?.trim())).toEqual(
      ['time', 'direction', 'description', 'amount', 'status'].map((c) => t(`history.columns.${c}`)),
    )
    expect(hold!.querySelector('time')?.textContent).toBe(formatDateTime(nanosToIso(ts), locale))
    expect(hold!.textContent).toContain(t('wallet.moneyOut'))
    expect(hold!.textContent).toContain(t('history.kind.holdPlaced'))
    expect(hold!.textContent).toContain(t('history.status.pending'))
    expect(hold!.querySelector('[data-testid="transfer-amount"]')?.textContent?.trim()).toBe(money(-2500n))
    expect(topUp!.textContent).toContain(t('history.kind.topUp'))
    expect(topUp!.querySelector('[data-testid="transfer-amount"]')?.textContent?.trim()).toBe(`+${money(123456n)}`)
    unmount()
  })

  it.each([
    ['en', 'Released'],
    ['zh-CN', '已解冻'],
  ] as const)('names a hold that was released (a declined payment) and shows its release without a sign in %s', async (locale, released) => {
    i18n.global.locale.value = locale
    mockFetch(
      account(),
      page([
        transferJson('"v1"', WALLET, SHOP, 10000, '1700000000200000000', ['void_pending_transfer'], 'h1'),
        transferJson('"h1"', WALLET, SHOP, 10000, '1700000000100000000', ['pending']),
      ]),
    )
    const { rows, unmount } = mount()
    await flush()
    const [release, hold] = rows()
    const t = (key: string) => i18n.global.t(key)
    expect(hold!.textContent).toContain(t('history.kind.holdPlaced'))
    expect(hold!.querySelector('.el-tag')?.textContent?.trim()).toBe(released)
    expect(release!.textContent).toContain(t('history.kind.holdReleased'))
    expect(release!.querySelector('[data-testid="transfer-amount"]')?.textContent?.trim()).toBe(formatMoney(10000n, 'CNY', locale))
    unmount()
  })

  it('offers a "Send money" link to the send-money page', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(account(), page([]))
    const { q, unmount } = mount()
    await flush()
    const send = q('wallet-send') as HTMLAnchorElement
    expect(send.textContent?.trim()).toBe('Send money')
    expect(send.getAttribute('href')).toBe('/pay')
    unmount()
  })

  it('offers "Top up" and "Withdraw" next to "Send money"', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(account(), page([]))
    const { q, unmount } = mount()
    await flush()
    const actions = q('wallet-send')!.parentElement!
    expect([...actions.querySelectorAll('a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      ['Send money', '/pay'],
      ['Top up', '/topup'],
      ['Withdraw', '/withdraw'],
    ])
    i18n.global.locale.value = 'zh-CN'
    await flush()
    expect(q('wallet-topup')?.textContent?.trim()).toBe('充值')
    expect(q('wallet-withdraw')?.textContent?.trim()).toBe('提现')
    unmount()
  })

  it('asks for the next page with the exact cursor and appends it', async () => {
    const cursor = '1700000000123456789' // beyond 2^53: rounding would skip or repeat rows
    const fetchMock = mockFetch(
      account(),
      page([transferJson('9007199254740993', CARD, WALLET, 100, '1700000000123456790')], cursor),
      page([transferJson('9007199254740995', CARD, WALLET, 200, cursor)]),
    )
    const { q, rows, click, unmount } = mount()
    await flush()
    expect(requestOf(fetchMock, 1).url).toBe(`/api/ledger/accounts/${WALLET}/transfers?limit=20`)
    await click('history-load-more')
    expect(requestOf(fetchMock, 2).url).toBe(`/api/ledger/accounts/${WALLET}/transfers?limit=20&cursor=${cursor}`)
    expect(rows()).toHaveLength(2)
    expect(q('history-load-more')).toBeNull()
    expect(q('history-count')?.textContent).toContain('2')
    unmount()
  })

  it('refresh reloads the balances and replaces the rows with the newest page', async () => {
    const fetchMock = mockFetch(
      account(),
      page([transferJson('"t1"', CARD, WALLET, 100, '1')], '1'),
      account(),
      page([transferJson('"t2"', CARD, WALLET, 200, '2'), transferJson('"t1"', CARD, WALLET, 100, '1')]),
    )
    const { click, rows, q, unmount } = mount()
    await flush()
    await click('history-refresh')
    expect(requestOf(fetchMock, 2).url).toBe('/api/ledger/me/accounts')
    expect(requestOf(fetchMock, 3).url).toBe(`/api/ledger/accounts/${WALLET}/transfers?limit=20`)
    expect(rows()).toHaveLength(2)
    expect(q('history-load-more')).toBeNull()
    unmount()
  })

  it('reloads the first page with the chosen page size', async () => {
    const fetchMock = mockFetch(account(), page([]), page([]))
    const { el, unmount } = mount()
    await flush()
    el.querySelectorAll<HTMLInputElement>('[data-testid="history-page-size"] input')[1]!.click()
    await flush()
    expect(requestOf(fetchMock, 2).url).toBe(`/api/ledger/accounts/${WALLET}/transfers?limit=50`)
    unmount()
  })

  it('shows the empty state when the wallet has no transfers', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(account(), page([]))
    const { q, rows, unmount } = mount()
    await flush()
    expect(q('history-empty')?.textContent).toContain('No activity yet')
    expect(rows()).toHaveLength(0)
    expect(q('history-export')?.hasAttribute('disabled')).toBe(true)
    unmount()
  })

  it('shows an error with a retry that loads the history again', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(account(), jsonResponse({ title: 'Ledger down' }, 503), page([transferJson('"t1"', CARD, WALLET, 100, '1')]))
    const { el, rows, unmount } = mount()
    await flush()
    expect(el.textContent).toContain('Ledger down')
    expect(rows()).toHaveLength(0)
    el.querySelector<HTMLButtonElement>('.history .load-retry')!.click()
    await flush()
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(rows()).toHaveLength(1)
    expect(el.textContent).not.toContain('Ledger down')
    unmount()
  })

  it('filters the loaded rows by direction and says it only looks at loaded rows', async () => {
    mockFetch(account(), page([transferJson('"o1"', WALLET, SHOP, 1, '2'), transferJson('"i1"', CARD, WALLET, 1, '1')]))
    const { el, q, rows, unmount } = mount()
    await flush()
    expect(q('history-filter-note')).toBeNull()
    el.querySelectorAll<HTMLInputElement>('[data-testid="history-filter"] input')[1]!.click() // money in
    await flush()
    expect(rows().map((r) => r.classList.contains('dir-in'))).toEqual([true])
    expect(q('history-filter-note')?.textContent).toBe(i18n.global.t('history.filterNote'))
    unmount()
  })

  it('exports the rows shown as a UTF-8 CSV file with a BOM', async () => {
    const createUrl = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:csv')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(`${this.download} ${this.href}`)
    })
    mockFetch(account(), page([transferJson('"t1"', CARD, WALLET, 150, '1700000000000000000')]))
    const { click, unmount } = mount()
    await flush()
    await click('history-export')
    expect(downloads).toEqual([expect.stringMatching(/^jade-wallet-\d{4}-\d{2}-\d{2}\.csv blob:csv$/)])
    const bytes = new Uint8Array(await (createUrl.mock.calls[0]![0] as Blob).arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      '时间,方向,说明,金额,币种,状态,交易编号\r\n2023-11-14T22:13:20.000Z,转入,充值,1.50,CNY,,t1\r\n',
    )
    unmount()
  })
})
