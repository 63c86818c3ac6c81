import { ref } from 'vue'
import type { FieldErrors } from '@/api/http'

/** The server's messages per field; each stays until `drop(field)`, which the page calls when that field is edited. */
export function useServerErrors() {
  const serverErrors = ref<FieldErrors>({})
  function dropServerError(field: string): void {
    if (!serverErrors.value[field]) return
    const { [field]: _dropped, ...rest } = serverErrors.value
    serverErrors.value = rest
  }
  return { serverErrors, dropServerError }
}
