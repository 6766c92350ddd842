#!/usr/bin/env node
// wiretop command: the compiled composition root does everything.
import { start } from "../dist/src/main.js";
start();
