/* ll-demo-registry.c: the catalogue of demos the window offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-demo-registry"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-countdown-page.h"
#include "ll-counter-race-page.h"
#include "ll-courier-page.h"
#include "ll-demo-registry.h"
#include "ll-frozen-page.h"
#include "ll-gio-chain-page.h"
#include "ll-hello-page.h"
#include "ll-interleave-page.h"
#include "ll-message-loop-page.h"
#include "ll-producer-consumer-page.h"
#include "ll-server-page.h"
#include "ll-pipeline-page.h"
#include "ll-sax-bus-page.h"
#include "ll-switch-cost-page.h"
#include "ll-environments-page.h"

static const LlDemo demos[] = {
  {
    "message-loop",
    N_("Message loop"),
    N_("The message loop, live"),
    N_("Heartbeat, loop lag, utilization, and what one slow handler does"),
    N_("<b>A GUI is a loop.</b> Its main thread does one thing, over and over: "
       "wait for the next event (a key, a click, a timer, a finished read), run the "
       "handler for it, and go back for the next. GTK’s main loop is that message loop, "
       "and this window is running on it right now.\n\n"
       "<b>What you see.</b> The heart beats once a second while a hand sweeps round it, "
       "both drawn frame by frame, and the frames are drawn by the loop: while the loop is "
       "busy no frame comes, and the heart stops mid-beat. The lag chart shows how late a "
       "timer that should fire "
       "every 10 ms really fires: that delay is time the loop was busy elsewhere. "
       "Utilization is the share of each second spent running handlers rather than "
       "waiting. The timeline lists the handlers the loop ran, and the input log shows "
       "how long each key press and click waited in the queue.\n\n"
       "<b>Why one slow handler freezes everything.</b> There is only one loop. While a "
       "handler runs, no other event is read: no redraw, no click, no key. "
       "<b>Freeze the loop</b> runs a handler that blocks on purpose.\n\n"
       "<b>Try this.</b> Press <b>Freeze the loop</b>, then press <b>Click me</b> and "
       "type a few keys while the heart has stopped. When the loop comes back, the page "
       "names the handler that blocked it and for how long, the lag chart shows the "
       "spike, and the input log shows your clicks and keys with the time they waited."),
    ll_message_loop_page_get_type,
  },
  {
    "frozen-vs-responsive",
    N_("Message loop"),
    N_("Frozen vs responsive"),
    N_("The same work done two ways: one freezes the window, one keeps it alive"),
    N_("<b>Try this.</b> Press <b>Sleep (blocking)</b>, then <b>Click me</b> a few times "
       "while the heart has stopped: your clicks are answered all at once when the loop "
       "comes back, and the input log shows how long each waited. Then press <b>Sleep "
       "(async)</b> and click again: every click is answered at once. Fetch 50 requests "
       "asynchronously: one delay in all, where one after another they would take 50. "
       "Compare <b>Compute (chunked)</b> with <b>Compute (thread)</b>. Make the server "
       "reset or refuse connections, or choose a file that cannot be read, and see how "
       "each is reported.\n\n"
       "<b>The same work, two ways.</b> Four workloads, each with a blocking button and "
       "its non-blocking counterparts: sleep, read a large file, fetch answers from a slow "
       "server, count primes. The blocking button does the work inside its click handler. "
       "The others start it and return at once: a coroutine awaits a non-blocking sleep or "
       "GIO’s asynchronous reads and socket calls, the computation runs in small blocks "
       "with the loop given back every 0.5 ms, or in a worker thread.\n\n"
       "<b>Why the blocking one freezes.</b> The window has one main thread, and it runs "
       "one loop: read an event, run its handler, go back for the next. While the blocking "
       "handler runs, the loop reads nothing else: no frame is drawn, no other click is "
       "handled, no timer fires. The heart stops, and every click and key you make waits in "
       "the queue until the handler returns. That is also why a blocking run cannot be "
       "cancelled: a click on Cancel would wait in the same queue, behind the handler it "
       "should stop. A non-blocking run can be, at any moment. Afterwards the result card "
       "says how long the loop was blocked, by which handler and how many of your clicks and "
       "keys it held back; after a non-blocking run, the work’s duration, its throughput where "
       "it has one, and "
       "the loop’s lag meanwhile (p99 and max): a frame at 60 Hz lasts 16 ms, and a lag "
       "below that is one nobody sees.\n\n"
       "<b>The stall meter, 1 ms to 10 s.</b> Its marks: 16 ms (one frame at 60 Hz), 50 ms "
       "(a long task), 100 ms (a delay you notice), 5 s. It is drawn by the loop it "
       "measures, so it "
       "cannot move during a freeze: the bar shows the live lag, and when the loop comes "
       "back, a marker shows how long the last stall lasted.\n\n"
       "<b>Why 5 s at most.</b> GNOME’s window manager, mutter, pings each window that gets "
       "input. An app whose loop is blocked cannot answer; after about 5 s mutter dims the "
       "window and offers to force it to quit. So Sleep and Compute block for 5 s at most, "
       "a blocking fetch is refused when its requests one after another would take longer, "
       "and a blocking read is refused for a file over 1 GiB (how long it takes depends on "
       "the disk, not on a setting).\n\n"
       "<b>Compare side by side</b> starts a second Loop Lab, a process of its own, and "
       "runs the chosen workload in both at the same moment: blocking in the new window, "
       "without blocking in this one. Each window’s title says its mode; one freezes while "
       "the other keeps moving, and closing either leaves the other working.\n\n"
       "The slow server runs inside the app, on 127.0.0.1 only, on a thread of its own: "
       "a server on this window’s loop could never answer the blocking fetch, which "
       "holds that loop. The work itself is in <tt>app/io/</tt>: "
       "<tt>ll-workload-sleep.c</tt>, <tt>-read.c</tt>, <tt>-fetch.c</tt> and "
       "<tt>-compute.c</tt>; <tt>looplab-cli run frozen-vs-responsive</tt> runs the "
       "same workloads in a terminal."),
    ll_frozen_page_get_type,
  },
  {
    "producer-consumer",
    N_("Coroutines"),
    N_("Producer and consumer"),
    N_("send() and yield pass control back and forth: a step debugger"),
    N_("<b>Two coroutines hand control back and forth.</b> The consumer is a generator: "
       "each <tt>n = yield r</tt> hands its reply out and waits for the next number. The "
       "producer primes it with <tt>c.send(None)</tt>, sends it 1 to 5, prints each reply, "
       "and closes it. No thread, no lock, no queue: control passes back and forth on one "
       "thread.\n\n"
       "<b>What you see.</b> Each <b>Step</b> runs one coroutine until it hands control to "
       "the other. The token travels along the arrow, which carries the value: n going in "
       "with <tt>send</tt>, <tt>'200 ok n'</tt> coming back with <tt>yield</tt>. The frame "
       "that runs next is highlighted; the suspended one is greyed: its locals wait in its "
       "frame, off the stack. The Source tab highlights the C line about to run, the "
       "Python tab the same line in Python.\n\n"
       "<b>Try this.</b> Step slowly and read the frames: the consumer’s r is ready before "
       "the producer sees it. The first steps show priming: <tt>c.send(None)</tt> only runs "
       "the consumer up to its first yield. Press <b>Run</b> and change the speed; "
       "<b>Reset</b> starts again (F10 steps, F5 runs). The transcript is the one "
       "<tt>looplab-cli run producer-consumer</tt> prints, line for line."),
    ll_producer_consumer_page_get_type,
  },
  {
    "interleave",
    N_("Coroutines"),
    N_("Interleaving"),
    N_("A prints 1 2 3, B prints x y z: a schedule interleaves them on one thread"),
    N_("<b>Two coroutines, one thread, interleaved.</b> A prints 1, 2, 3 and B prints "
       "x, y, z, each yielding after every item. Neither knows about the other: a schedule "
       "says who resumes next, so the output can be 1 2 x y 3 z. Nothing runs in parallel; "
       "each one runs until it yields.\n\n"
       "<b>What you see.</b> A lane for A and one for B with the items each prints, the "
       "schedule with the step about to run, and the output growing as each coroutine "
       "runs. The Source tab highlights where the next one resumes.\n\n"
       "<b>Try this.</b> Step through AABBAB. Then type another schedule, such as ABABAB "
       "or BBBAAA: the run starts over, and the same two coroutines print in another "
       "order. A schedule has three A and three B, as in "
       "<tt>looplab-cli run interleave --schedule ABABAB</tt>."),
    ll_interleave_page_get_type,
  },
  {
    "countdown",
    N_("Coroutines"),
    N_("Countdown"),
    N_("A generator receives 10 down to 1; the pauses leave the loop free"),
    N_("<b>A generator receives what a producer sends.</b> The producer sends 10, 9, … 1 "
       "to a consumer generator, which prints <tt>Countdown n</tt> for each. Between two "
       "numbers the producer sleeps for a second without blocking: <tt>LL_CO_SLEEP</tt> "
       "returns to the loop, and the scheduler resumes the producer when the second is "
       "up.\n\n"
       "<b>What you see.</b> Each number on a timeline, where the consumer received it, "
       "and between two numbers the pause, drawn as time the loop is free: the ticks in "
       "it are frames the loop drew while the countdown slept. The heart never stops.\n\n"
       "<b>Try this.</b> Press <b>Start</b>, then drag the window, resize it or switch to "
       "the Source tab while it counts: the loop answers at once. Counting down from 10 "
       "takes 9 seconds, a pause between each two numbers, but the loop spends only "
       "microseconds of them on the countdown: compare the time the coroutines ran with "
       "the time that passed."),
    ll_countdown_page_get_type,
  },
  {
    "courier",
    N_("Coroutines"),
    N_("Courier deliveries"),
    N_("Couriers deliver parcels from a package centre; one blocking sleep freezes them all"),
    N_("<b>Couriers deliver parcels from a package centre.</b> The notes’ example: the "
       "centre hands out parcels 0 to 50, pausing after every 10, and 王大锤 delivers them "
       "one by one, each in 1 to 3 units of time. The centre and every courier are "
       "coroutines on one thread: the window’s.\n\n"
       "<b>What you see.</b> The centre on the left with its queue of waiting parcels, "
       "the addresses on the right, each courier on a road of its own with the numbered "
       "parcels it carries. The counters: produced, waiting, in transit, delivered, "
       "parcels per unit of time, and how busy each courier is. The log reads like the "
       "notes’ output.\n\n"
       "<b>The notes’ mistake.</b> The notes sleep inside the coroutine with "
       "<tt>time.sleep()</tt>, which blocks the whole thread. Switch on <b>Sleep inside "
       "the coroutine (as in the notes)</b>: every delivery now freezes the window, the "
       "heart stops and the stall meter counts. Switched off, the couriers await a "
       "non-blocking sleep and everything stays fluid.\n\n"
       "<b>Try this.</b> Add couriers and raise their capacity: more parcels on the road "
       "at once. Set the speed to 100 and watch the loop keep up. The same seed gives the "
       "same run, as <tt>looplab-cli run courier --seed 42</tt> does."),
    ll_courier_page_get_type,
  },
  {
    "hello",
    N_("Async IO"),
    N_("Hello world, gathered tasks"),
    N_("Tasks that sleep without blocking, gathered on one thread: n sleeps of a second take one second"),
    N_("<b>An event loop running coroutines.</b> Each task prints “Hello world!”, sleeps "
       "without blocking, and prints “Awake again!”. <b>Run</b> gathers them, as asyncio’s "
       "<tt>gather</tt> does: they all start at once on the app’s scheduler, on the window’s "
       "own thread. A task that sleeps hands control back to the loop, which runs the other "
       "tasks, and draws this window, until the sleep is over.\n\n"
       "<b>What you see.</b> One lane per task on one time axis: blue where it said hello, "
       "green while it slept (time the loop had free), orange where it woke. Beyond 50 tasks "
       "the lanes fold into one band. Under it, the thread every line ran on, always the same "
       "one, and the sum of the sleeps beside the time the loop took: two tasks sleep 2 s in "
       "all, and the loop takes 1 s.\n\n"
       "<b>Three spellings of one program.</b> The tabs beside Source show it in this app’s C "
       "and in the notes’ two Python spellings. Python 3.5 added a spelling that differs in "
       "two things and nothing else: <tt>@asyncio.coroutine</tt> before <tt>def</tt> became <tt>async def</tt>, and "
       "<tt>yield from</tt> became <tt>await</tt>. <b>Step</b> resumes one task at a time and "
       "highlights the line about to run in all three.\n\n"
       "<b>Try this.</b> Run 100 000 tasks: they take a little over one second, and the "
       "heart never stops beating. Step two tasks through: after both said hello, Step waits "
       "until the first one’s sleep is up, because no task is ready. "
       "<tt>looplab-cli run hello --tasks 2 --trace</tt> prints every resume."),
    ll_hello_page_get_type,
  },
  {
    "gio-chain",
    N_("Async IO"),
    N_("The two-way message: an async file copy"),
    N_("A file copied chunk by chunk with GIO: each request goes out, the loop carries on, the completion comes back"),
    N_("<b>The two-way message.</b> A module asks for IO and returns to the loop at once; "
       "GIO starts the IO, and the loop carries on with everything else; when the IO is done a "
       "completion message comes back through the loop and is routed to whoever asked. "
       "GIO spells it <tt>_async</tt>, a ready callback, and <tt>_finish</tt>.\n\n"
       "<b>What you see.</b> A file copied chunk by chunk with "
       "<tt>g_input_stream_read_async()</tt> and <tt>g_output_stream_write_async()</tt>, "
       "drawn as a sequence diagram with three lanes: the code that asks, the main loop, "
       "and GIO, whose worker thread does the IO. Each chunk is a read request going out, "
       "its completion coming back to the loop (which says how often it went round "
       "meanwhile, serving everything else), the ready callback, the <tt>_finish</tt> call "
       "that takes the byte count out of the result, and the copy resumed with it; then the "
       "same for the write.\n\n"
       "<b>Two ways to write it.</b> <b>Written as</b> picks a chain of "
       "<tt>GAsyncReadyCallback</tt>s, where each callback makes the next call, or one "
       "coroutine that awaits each call with <tt>LL_CO_AWAIT</tt> and reads top to bottom. "
       "Both are in the Source tab, both make the same calls, and both copies are the same "
       "bytes: the page shows the SHA-256 of the source and of the copy.\n\n"
       "<b>Try this.</b> Press <b>Step</b> and follow one message at a time, its C line "
       "highlighted in the Source tab. Then <b>Run</b> the 256 MiB sample at full speed and "
       "watch the heart keep beating. <b>Cancel</b> halfway: the copy stops through its "
       "<tt>GCancellable</tt>, and the partial file is deleted. "
       "<tt>looplab-cli run gio-chain --trace</tt> prints every message."),
    ll_gio_chain_page_get_type,
  },
  {
    "server",
    N_("Async IO"),
    N_("A single-threaded server"),
    N_("The notes’ web application in C: one thread, one coroutine per connection, thousands of clients at once"),
    N_("<b>HTTP is IO.</b> A connection spends almost all its life waiting: for the request "
       "to arrive, for the client to read the answer, for the next request. So one thread "
       "with an event loop can serve thousands of users at once, if nothing it runs blocks. "
       "This is the notes’ aiohttp application, <tt>GET /</tt> and "
       "<tt>GET /hello/{name}</tt>, written in C: each connection is one coroutine that "
       "reads a request, answers it and waits for the next, all on one GLib main loop.\n\n"
       "<b>Where it runs.</b> <b>Start server</b> serves on a free port of 127.0.0.1, from a "
       "thread of its own with its own main context. A server on this window’s loop would "
       "make the window’s own drawing part of what it measures, and a blocking handler would "
       "freeze the page that shows it. <tt>looplab-cli serve</tt> runs the same server on a "
       "process’s main loop, and <tt>--workers N</tt> starts N processes sharing the port, "
       "the notes’ way to use several cores; here <b>Workers</b> starts that many server "
       "threads, each its own loop.\n\n"
       "<b>What you see.</b> One row per open connection with what its coroutine is doing: "
       "reading a request, handling it, writing the answer, or waiting for the next request. "
       "<b>Start load</b> sends <b>Clients</b> kept-alive clients, coroutines on a third "
       "thread, so the server’s loop measures the server alone. The chart draws requests "
       "answered per second and the load’s latency; under it, how late a timer on the "
       "server’s own loop fires. The rows are read by the server’s own loop, between two "
       "handlers, as anything on one thread must be: so a connection is never seen "
       "<i>handling</i> there, because while a handler runs nothing else on its thread "
       "does.\n\n"
       "<b>The lesson of one blocking call.</b> Switch on <b>Block in the handler "
       "(time.sleep)</b>: each <tt>/hello</tt> now sleeps 50 ms on the server’s thread, and "
       "every connection waits behind it. Requests per second fall to about twenty, the "
       "latency climbs to seconds, and the page says the server’s loop stalls, while "
       "this window, on its own loop, stays fluid. Switch it off and it recovers at once.\n\n"
       "<b>Try this.</b> Open in Browser and try <tt>/hello/world</tt>, or "
       "<tt>/hello/%3Cb%3Ex%3C%2Fb%3E</tt>, whose name comes back escaped. Run 1 000 clients, then "
       "10 000. <tt>looplab-cli run server</tt> runs the server and a load in a terminal."),
    ll_server_page_get_type,
  },
  {
    "pipeline",
    N_("Pipelines"),
    N_("Pipelines: source, filters, sinks"),
    N_("A log followed like tail -f, pushed line by line through grep() into printer(), with broadcast and fan-in"),
    N_("<b>Coroutines as a pipeline.</b> A source pushes items with <tt>send()</tt> into a "
       "chain of coroutines: filters that pass some of them on, sinks at the end. Nothing "
       "pulls; each stage waits at its <tt>yield</tt> for the next item. Here the source is "
       "<tt>follow()</tt>, which reads a web server’s access log as it grows, like "
       "<tt>tail -f</tt>, with GIO’s asynchronous reads: it never blocks the loop, and at "
       "the end of the file it waits for more. <tt>grep()</tt> sends on the lines that "
       "contain its pattern, <tt>printer()</tt> prints them below.\n\n"
       "<b>What you see.</b> Each coroutine is a box with its state (suspended at "
       "<tt>yield</tt>, awaiting a read, closed) and its counts; each <tt>send</tt> is an "
       "edge, and the lines move along it as dots (sampled when fast). A task inside the app "
       "writes the log as a web server would, at <b>Lines a second</b>, from 1 to 100 000; the heart keeps "
       "beating at any rate, because each read brings a chunk of lines that go down the "
       "chain in a fraction of a frame.\n\n"
       "<b>One send goes all the way down.</b> <b>Pause</b>, then <b>Step</b>: one line "
       "leaves <tt>follow()</tt> and goes as far down as the greps let it, printed if it "
       "matches, before the <tt>send</tt> returns; no queue, no thread. The Source tab highlights the line "
       "where <tt>follow()</tt> waits for the next step.\n\n"
       "<b>Branches and merges.</b> <b>Broadcast</b> puts <tt>broadcast()</tt> after the "
       "source: each line goes to three greps in turn (python, ply and swig; edit them), "
       "which share one printer. <b>Fan-in</b> follows two logs at once, each with its own "
       "<tt>follow()</tt>, both sending into one grep.\n\n"
       "<b>Try this.</b> Edit a pattern while it runs: the next lines use it. Press "
       "<b>Close</b>: <tt>close()</tt> raises <tt>GeneratorExit</tt> at the head, each "
       "stage’s cleanup closes the next, and the page lists the order. "
       "<tt>looplab-cli run pipeline --pattern ply --save-log access-log</tt> prints the same "
       "lines as <tt>grep -F ply access-log</tt>."),
    ll_pipeline_page_get_type,
  },
  {
    "sax-bus",
    N_("Pipelines"),
    N_("Event dispatching: XML streamed into coroutines"),
    N_("A bus feed parsed with GMarkup, each event sent into coroutines that keep one route and direction"),
    N_("<b>Events into coroutines.</b> A streaming parser does not build the document: it "
       "calls you back for each start tag, each text and each end tag. Those callbacks "
       "<tt>send()</tt> each event into a chain of coroutines, as the notes do with "
       "<tt>xml.sax</tt>: <tt>buses_to_records()</tt> turns the events of a "
       "<tt>&lt;bus&gt;</tt> into one record, two <tt>filter_on_field()</tt> keep the buses "
       "of one route and one direction, <tt>bus_locations()</tt> lists them. The stages "
       "know nothing of XML beyond the events: the source could be as low-level as you "
       "like without rewriting them.\n\n"
       "<b>What you see.</b> The feed is generated here, with a seed (200 000 buses, about "
       "44 MB, made once in a worker thread and kept in the cache folder), in the shape of "
       "the Chicago bus feed the course uses. <b>Stream the Events</b> reads it in 256 KiB "
       "chunks with GIO’s asynchronous reads and feeds each chunk to "
       "<tt>GMarkupParseContext</tt>; the graph shows the events going down, the list "
       "the buses found. Between two chunks the loop is free, so the heart keeps "
       "beating.\n\n"
       "<b>Streamed against the DOM.</b> <b>Load the Whole File First (DOM)</b> reads the "
       "whole file into memory and builds a tree before filtering, on the loop’s thread, "
       "as a program that does not think about it would: the window freezes until it is "
       "done. The table shows both ways: how long, the longest time the loop was blocked, "
       "and the memory each held.\n\n"
       "<b>Try this.</b> Change the route (22, 147, 8…) or the direction; add a second "
       "branch, which puts <tt>broadcast()</tt> after the records. Choose a file of your "
       "own, a truncated or malformed one: the chain stops with the parser’s line and "
       "column, and the buses found before stay. "
       "<tt>looplab-cli run sax-bus --route 22 --save-feed buses.xml</tt> prints the same "
       "list, which any other XML parser can check."),
    ll_sax_bus_page_get_type,
  },
  {
    "environments",
    N_("Pipelines"),
    N_("One coroutine, three environments"),
    N_("The chain of sax-bus on the main loop, in a worker thread and in a subprocess: the same buses, at what cost"),
    N_("<b>The coroutine is the implementation; the environment is whatever you "
       "choose.</b> The chain of the event-dispatching demo, <tt>buses_to_records()</tt> "
       "into two <tt>filter_on_field()</tt> into <tt>bus_locations()</tt>, is a few "
       "coroutines that receive events with <tt>yield</tt>. Nothing in them says where "
       "they run: the same C coroutines (not copies) run here three ways, on the same "
       "feed.\n\n"
       "<b>The three.</b> On the <b>main loop</b>: the file read with GIO’s asynchronous "
       "reads, parsed with GMarkup and each event sent into the chain on this window’s "
       "thread. In a <b>thread</b>: the loop reads and parses, and hands the events over "
       "in batches through a <tt>GAsyncQueue</tt> to a worker thread that runs the chain; "
       "the buses come back to the loop. In a <b>subprocess</b>: <tt>looplab-cli</tt> "
       "started with <tt>GSubprocess</tt>, the events written to its stdin as lines of "
       "text and the buses read back from its stdout, all with asynchronous IO.\n\n"
       "<b>What you see.</b> Each row says what that environment found (the count and the "
       "start of the SHA-256 of the list, which must be the same in all three), how many "
       "events a second it went through, as a ratio to the main loop’s, and the time on "
       "each side of the boundary. The boundary has a price: copying the events for the "
       "thread, turning them into text and back for the subprocess. What it buys is "
       "another core and, in the subprocess only, a chain that can fail or be killed "
       "without taking the window with it.\n\n"
       "<b>Try this.</b> Run it with 1 000 buses and with 1 000 000: where does the time "
       "go? <tt>looplab-cli run environments --buses 200000</tt> prints the three results "
       "and their figures."),
    ll_environments_page_get_type,
  },
  {
    "switch-cost",
    N_("Threads vs coroutines"),
    N_("The cost of a switch"),
    N_("A token passed round a ring of coroutines, threads or processes: the time of a handoff as their number grows"),
    N_("<b>Try this.</b> Press <b>Measure</b> with the defaults, then choose 1 000 000 "
       "<b>Workers</b> and measure again: the coroutines go on to a million, the threads and "
       "processes stop at 10 000.\n\n"
       "<b>What is measured.</b> N workers pass a token round a ring: each waits for it, hands "
       "it to the next and waits again. One pass is a handoff, and the chart plots the time "
       "of one against N, both on log scales, for three kinds of worker. <b>Coroutines</b>: "
       "tasks on one scheduler, on one thread; a handoff is a <tt>yield</tt> and the next "
       "task’s resume, a few nanoseconds. <b>Threads</b>: one <tt>GMutex</tt> and "
       "<tt>GCond</tt> each; a handoff is a signal, and the kernel switching from one thread "
       "to another. <b>Processes</b>: forked children in a ring of pipes; a handoff is a byte "
       "written and read, and a switch between address spaces.\n\n"
       "<b>What it shows.</b> A coroutine switch is not a thread switch: it is a function "
       "return and a call, with no system call, so it costs hundreds of times less, and "
       "barely more with a million of them than with two. A thread or process switch gets "
       "dearer as N grows, as their stacks and page tables crowd the caches, and the system "
       "cannot add them without limit: creating them takes longer and longer (the "
       "Start-up column; 10 000 processes take seconds), and past a limit creation fails, "
       "which the row reports as the largest N reached on this machine. Memory a worker: "
       "about a hundred bytes for a coroutine’s frame, about ten kilobytes for a thread, "
       "tens to hundreds of kilobytes for a process, before the kernel’s own share.\n\n"
       "<b>How it is measured.</b> Each ring runs for <b>Seconds each</b> in a worker "
       "thread, and on one core, the core the measuring thread is on: spread over two cores, a "
       "handoff would time waking the other core, not a switch. The window keeps running on "
       "another core. The processes are forked by a small host program (<tt>looplab-cli</tt>), "
       "not by the window: a fork copies the memory map of the process that forks and holds it "
       "locked while it copies, so the window would wait through 10 000 copies. <b>Cancel</b> ends every thread and process the run "
       "started before it returns. <b>Copy as CSV</b> copies every point; <b>Save Chart as PNG</b> saves "
       "the chart. <tt>looplab-cli run switch-cost --json</tt> prints the same points."),
    ll_switch_cost_page_get_type,
  },
  {
    "counter-race",
    N_("Threads vs coroutines"),
    N_("Shared state: a lost update"),
    N_("One counter, added to by threads without a lock, with a mutex, atomically, and by coroutines on one thread"),
    N_("<b>Why coroutines need no lock.</b> Threads run at the same time, or are switched "
       "at any instruction; coroutines on one thread run one at a time and switch only "
       "where they say so, at a <tt>yield</tt>. So shared state that threads must "
       "protect, coroutines can simply use.\n\n"
       "<b>What you see.</b> <b>Workers</b> add one to a shared counter <b>Increments "
       "each</b> times, five ways, one after the other in a worker thread (the window "
       "stays live). Threads with a plain <tt>counter = counter + 1</tt>: two of them "
       "read the same value, both write value + 1, and one update is lost; the row says "
       "how many. Threads with a <tt>GMutex</tt> around each increment: exact, and "
       "slower. Threads with an atomic add: exact. Coroutines on one thread with no "
       "lock at all: exact, and usually the fastest, because nothing is shared between "
       "cores and nothing waits.\n\n"
       "<b>Where the rule ends.</b> The fifth row’s coroutines read the counter, "
       "<tt>yield</tt>, then write what they read plus one. While one waits at its "
       "<tt>yield</tt>, the others do the same, and they lose updates just as the "
       "threads did. A coroutine is atomic only between two <tt>yield</tt>s: keep a "
       "read and its write on the same side of one.\n\n"
       "<b>Try this.</b> One worker: nothing is lost anywhere. Two, then 16: the plain "
       "threads lose more. On a machine with few cores the plain threads may lose "
       "nothing in a short run; run again, or with more increments. "
       "<tt>looplab-cli run counter-race --workers 2 --increments 10000000</tt> prints the "
       "five results."),
    ll_counter_race_page_get_type,
  },
};

const LlDemo *
ll_demo_registry_get (guint *n_demos)
{
  if (n_demos != NULL)
    *n_demos = G_N_ELEMENTS (demos);
  return demos;
}

const LlDemo *
ll_demo_registry_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (demos); i++)
    {
      if (g_str_equal (demos[i].id, id))
        return &demos[i];
    }

  return NULL;
}
