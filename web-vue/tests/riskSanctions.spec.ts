import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import RiskSanctionsView from '@/views/risk/RiskSanctionsView.vue'
import { jsonResponse, mockFetch, requestOf } from './helpers'
import { mountRiskView } from './riskHelpers'

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

describe('RiskSanctionsView', { timeout: 20_000 }, () => {
  it('screens a name and lists the matches with programs and reasons', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse({
        threshold: 0.85,
        matches: [
          { entNum: 306, name: 'BANCO NACIONAL DE CUBA', type: 'entity', programs: ['CUBA'], score: 0.97, reasons: ['Name similarity 0.97', 'Country CU matches an address'] },
          { entNum: 307, name: 'BANCO DE CUBA', type: 'entity', programs: ['CUBA'], score: 0.88, reasons: [] },
        ],
      }),
    )
    const { q, all, type, click, unmount } = await mountRiskView(RiskSanctionsView, '/admin/risk/sanctions')
    await type('sanctions-name', ' Banco Nacional de Cuba ')
    await type('sanctions-country', 'cu')
    await click('sanctions-submit')
    const { url, init } = requestOf(fetchMock)
    expect(url).toBe('/api/risk/sanctions/screen')
    expect(JSON.parse(init.body as string)).toEqual({ name: 'Banco Nacional de Cuba', country: 'CU' })
    expect(q('sanctions-summary')!.textContent).toContain('2 matches (threshold 0.85)')
    const [first, second] = all('sanctions-match')
    expect(first!.textContent).toContain('BANCO NACIONAL DE CUBA')
    expect(first!.textContent).toContain('CUBA')
    expect(first!.textContent).toContain('Entity')
    expect([...first!.querySelectorAll('[data-testid="match-reasons"] li')].map((li) => li.textContent)).toEqual([
      'Name similarity 0.97',
      'Country CU matches an address',
    ])
    expect(second!.querySelector('[data-testid="match-reasons"]')!.textContent).toContain('No reasons given')
    unmount()
  })

  it.each([
    ['en', ['Individual', 'Entity', 'Vessel', 'Aircraft', 'submarine']],
    ['zh-CN', ['个人', '机构', '船舶', '航空器', 'submarine']],
  ] as const)('names every type of list entry OFAC has, and shows one it does not know as written (%s)', async (locale, labels) => {
    i18n.global.locale.value = locale
    const match = (entNum: number, type: string) => ({ entNum, name: `ENTRY ${entNum}`, type, programs: ['SDGT'], score: 0.9, reasons: [] })
    mockFetch(
      jsonResponse({
        threshold: 0.85,
        matches: [match(1, 'individual'), match(2, 'entity'), match(3, 'vessel'), match(4, 'aircraft'), match(5, 'submarine')],
      }),
    )
    const { all, type, click, unmount } = await mountRiskView(RiskSanctionsView, '/admin/risk/sanctions')
    await type('sanctions-name', 'Entry')
    await click('sanctions-submit')
    const tags = all('sanctions-match').map((m) => m.querySelector('.el-tag')!.textContent!.trim())
    expect(tags).toEqual(labels)
    unmount()
  })

  it('needs a name, and says so without calling the server', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch()
    const { q, click, unmount } = await mountRiskView(RiskSanctionsView, '/admin/risk/sanctions')
    await click('sanctions-submit')
    expect(q('sanctions-name-error')!.textContent).toBe('Enter a name')
    expect(fetchMock).not.toHaveBeenCalled()
    unmount()
  })

  it('says when nothing matched, and shows the server’s field errors by their fields', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse({ threshold: 0.85, matches: [] }),
      jsonResponse({ status: 400, errors: { Name: ['Name must contain letters or digits.'] } }, 400),
    )
    const { q, type, click, unmount } = await mountRiskView(RiskSanctionsView, '/admin/risk/sanctions')
    await type('sanctions-name', 'Jane Doe')
    await click('sanctions-submit')
    expect(q('sanctions-summary')!.textContent).toContain('No list entry matches “Jane Doe”')
    expect(q('sanctions-empty')).not.toBeNull()
    await type('sanctions-name', '--')
    await click('sanctions-submit')
    expect(q('sanctions-name-error')!.textContent).toBe('Name must contain letters or digits.')
    expect(q('sanctions-error')).toBeNull()
    unmount()
  })
})
