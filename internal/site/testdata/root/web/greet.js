export function greet(who) { return "hello " + who; }
