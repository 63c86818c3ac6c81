import { ref, type Ref } from 'vue'

/** One GET's data, loading flag and error, with a reload for retry buttons. */
export function useResource<T>(fetcher: () => Promise<T>) {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref<unknown>(null)

  async function reload(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      data.value = await fetcher()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  void reload()
  return { data, loading, error, reload }
}
