-- Benchmark only: loaded on the group chat service when scripts/bench.sh sets
-- PALAVER_BENCH_ROOMS (prosody.cfg.lua); the test suite's server never loads it.
--
-- The benchmark fills a room with 1,000 bots (anonymous sessions of anon.localhost). A plain
-- room sends every joining occupant the presence of everyone already there and tells everyone
-- already there about the newcomer: filling a room of n is O(n²) stanzas (a million for 1,000),
-- minutes of Prosody's time on a shared 2-core machine, for bots that read none of it. So a bot
-- gets nothing from a room but its own presence (which the room sends by another path,
-- route_stanza, not through these two methods): filling is O(n). What the clients under test
-- receive is unchanged: they are not bots, and they get every bot's presence, every message.
local jid_host = require "util.jid".host;

local bot_host = module:get_option_string("bench_bot_host", "anon.localhost");
local function is_bot(jid) return jid ~= nil and jid_host(jid) == bot_host; end

-- Overrides two methods on the room object itself (not on the shared metatable), once per room.
local function quieten(room)
	if rawget(room, "route_to_occupant") then return; end
	local route_to_occupant, send_occupant_list = room.route_to_occupant, room.send_occupant_list;
	-- Broadcasts (presence changes, groupchat messages, subject) go through route_to_occupant.
	room.route_to_occupant = function (self, occupant, stanza)
		if is_bot(occupant.bare_jid) then return; end
		return route_to_occupant(self, occupant, stanza);
	end
	-- The list of who is there, sent to a newcomer before its own presence.
	room.send_occupant_list = function (self, to, filter)
		if is_bot(to) then return; end
		return send_occupant_list(self, to, filter);
	end
end

module:hook("muc-occupant-pre-join", function (event) quieten(event.room); end, 1000);
