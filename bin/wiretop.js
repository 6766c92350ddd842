#!/usr/bin/env node
// wiretop command: runs the bundled program (npm run build makes dist/bundle from dist/src; see tools/bundle.ts).
import "../dist/bundle/wiretop.js";
