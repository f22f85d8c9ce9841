import { greet } from "./greet.js";
self.onmessage = (e) => self.postMessage(greet(e.data));
