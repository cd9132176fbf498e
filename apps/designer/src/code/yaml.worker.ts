// monaco-yaml's worker re-exported from our own module: Vite otherwise fails with "Unexpected usage" (monaco-yaml FAQ)
import 'monaco-yaml/yaml.worker.js'
