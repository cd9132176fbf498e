// Builds dist/routewright-vscode-<version>.vsix: bundles the extension and the server with vite, lays out the
// VSIX (an OPC zip: [Content_Types].xml, extension.vsixmanifest, extension/...) and zips it with Node's zlib.
// @vscode/vsce does the same; it is not used so the build needs nothing beyond the repository's dependencies.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'

const here = path.resolve(import.meta.dirname, '..')
const repo = path.resolve(here, '../..')
const vite = path.join(repo, 'node_modules/vite/bin/vite.js')
// the server starts its test runs' thread from the file beside it (dist/test-run-worker.mjs)
for (const mode of ['extension', 'server', 'worker']) {
  execFileSync(process.execPath, [vite, 'build', '--config', 'vite.config.mts', '--mode', mode], {
    cwd: here,
    stdio: 'inherit',
  })
}

const manifest = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'))
// the packaged manifest: no workspace dependencies (everything is bundled) and no build scripts
const packaged = {
  ...manifest,
  dependencies: undefined,
  devDependencies: undefined,
  scripts: undefined,
  private: undefined,
}
const files = new Map([
  ['extension/package.json', Buffer.from(`${JSON.stringify(packaged, null, 2)}\n`)],
  ['extension/readme.md', readFileSync(path.join(here, 'README.md'))],
])
for (const name of readdirSync(path.join(here, 'dist'))) {
  if (/\.(m?js)$/.test(name)) files.set(`extension/dist/${name}`, readFileSync(path.join(here, 'dist', name)))
}
// the DSL's three kinds and serve's alarms.yaml, as package.json's yamlValidation names them
for (const folder of ['packages/strategy-dsl/schema', 'packages/server/schema']) {
  const schemas = path.join(repo, folder)
  for (const name of readdirSync(schemas))
    files.set(`extension/schema/${name}`, readFileSync(path.join(schemas, name)))
}

const xml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
files.set(
  'extension.vsixmanifest',
  Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(manifest.name)}" Version="${xml(manifest.version)}" Publisher="${xml(manifest.publisher)}"/>
    <DisplayName>${xml(manifest.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(manifest.description)}</Description>
    <Categories>${xml(manifest.categories.join(','))}</Categories>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(manifest.engines.vscode)}"/>
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace"/>
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code"/>
  </Installation>
  <Dependencies/>
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true"/>
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/readme.md" Addressable="true"/>
  </Assets>
</PackageManifest>
`),
)
files.set(
  '[Content_Types].xml',
  Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension=".json" ContentType="application/json"/>
  <Default Extension=".js" ContentType="application/javascript"/>
  <Default Extension=".mjs" ContentType="application/javascript"/>
  <Default Extension=".md" ContentType="text/markdown"/>
  <Default Extension=".vsixmanifest" ContentType="text/xml"/>
</Types>
`),
)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A zip archive (deflate), entries in a stable order with a fixed timestamp so builds are reproducible. */
function zip(entries) {
  const locals = []
  const centrals = []
  let offset = 0
  const DOS_TIME = 0
  const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1
  for (const [name, data] of [...entries].sort(([a], [b]) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : 1,
  )) {
    const nameBytes = Buffer.from(name)
    const compressed = deflateRawSync(data)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8)
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    locals.push(local, nameBytes, compressed)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt16LE(DOS_TIME, 12)
    central.writeUInt16LE(DOS_DATE, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + compressed.length
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.size, 8)
  end.writeUInt16LE(entries.size, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...centrals, end])
}

const out = path.join(here, 'dist', `${manifest.name}-${manifest.version}.vsix`)
writeFileSync(out, zip(files))
console.log(
  `wrote ${path.relative(repo, out)} (${Math.round(statSync(out).size / 1024)} kB, ${files.size} files)`,
)
