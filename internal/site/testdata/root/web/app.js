import { greet } from "./greet.js";
document.body.dataset.greeting = greet("page");
