// The page's address names the open file (`?file=`), so a reload, a bookmark or a copied link opens that file.
// pure: nothing here reads the page's location or history; the provider passes them in

/** `href` with its `file` parameter set to `path`, every other parameter (`serve=`) and the hash kept. */
export function urlWithOpenFile(href: string, path: string): string {
  const url = new URL(href)
  url.searchParams.set('file', path)
  return url.toString()
}
