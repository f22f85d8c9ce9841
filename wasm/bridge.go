//go:build js

package main

import (
	"errors"
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/dbquirks/dbquirks/internal/play"
)

// bridge keeps every js.Func the module hands to JavaScript, so that each
// one is released: the API's functions at shutdown, a promise's executor as
// soon as the Promise constructor has called it.
type bridge struct {
	funcs []js.Func
	done  chan struct{}
}

func (b *bridge) fn(f func(this js.Value, args []js.Value) any) js.Func {
	jf := js.FuncOf(f)
	b.funcs = append(b.funcs, jf)
	return jf
}

func (b *bridge) releaseAll() {
	for _, f := range b.funcs {
		f.Release()
	}
	b.funcs = nil
}

// maxArgs is how many arguments a function of the API reads: the most any
// of them takes. Missing or non-string arguments read as "".
const maxArgs = 6

// stringArgs copies the arguments now: js.Values passed to a callback are
// only valid during the call. A number (a run) is read as its decimal text.
func stringArgs(args []js.Value) []string {
	strs := make([]string, maxArgs)
	for i := range strs {
		if i >= len(args) {
			continue
		}
		switch args[i].Type() {
		case js.TypeString:
			strs[i] = args[i].String()
		case js.TypeNumber:
			strs[i] = strconv.FormatFloat(args[i].Float(), 'f', -1, 64)
		}
	}
	return strs
}

// async exposes work that takes string arguments and returns JSON as a
// function returning a Promise of the parsed JSON. The work runs in a
// goroutine: a js.Func callback must not block, and the engine sleeps
// (timers, interrupts) while it runs a statement.
func (b *bridge) async(work func(args []string) ([]byte, error)) js.Func {
	return b.promised(func(args []string) (js.Value, error) {
		out, err := work(args)
		if err != nil {
			return js.Value{}, err
		}
		return js.Global().Get("JSON").Call("parse", string(out)), nil
	})
}

// asyncString is async for work whose result is text, such as an export:
// the Promise resolves to a plain JavaScript string.
func (b *bridge) asyncString(work func(args []string) (string, error)) js.Func {
	return b.promised(func(args []string) (js.Value, error) {
		out, err := work(args)
		return js.ValueOf(out), err
	})
}

// promised turns work on string arguments into a function returning a
// Promise of its result.
func (b *bridge) promised(work func(args []string) (js.Value, error)) js.Func {
	return b.fn(func(_ js.Value, args []js.Value) any {
		calls.Add(1)
		strs := stringArgs(args)
		return newPromise(func() (js.Value, error) { return work(strs) })
	})
}

// newPromise returns a Promise settled by work, which runs in a goroutine.
// A panic in work rejects the Promise instead of killing the program, so one
// bad input cannot take the worker's engine down with it.
func newPromise(work func() (js.Value, error)) js.Value {
	var resolve, reject js.Value
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject = args[0], args[1]
		return nil
	})
	p := js.Global().Get("Promise").New(executor)
	executor.Release() // the constructor has already called it
	go func() {
		defer func() {
			if r := recover(); r != nil {
				reject.Invoke(jsError(fmt.Errorf("internal error in the engine: %v", r)))
			}
		}()
		v, err := work()
		if err != nil {
			reject.Invoke(jsError(err))
			return
		}
		resolve.Invoke(v)
	}()
	return p
}

// jsError converts err to a JavaScript Error with a readable message. A run
// the module no longer keeps is named, so the page knows to play again.
func jsError(err error) js.Value {
	e := js.Global().Get("Error").New(err.Error())
	if errors.Is(err, play.ErrUnknownRun) {
		e.Set("name", "UnknownRun")
	}
	return e
}
