#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/log/seek.h"
#include "log/consumer_sql.h"

namespace eventctl {

SeekChange::SeekChange(LogSource source, SeekOptions options)
    : m_source(std::move(source)), m_options(std::move(options)) {}

Command SeekChange::command() const {
    return m_options.create ? Command::log_seek_create : Command::log_seek;
}

SeekPlan SeekChange::preview(Session& session, bool /*count*/) const {
    auto plan = preview_seek(session, m_source, m_options);
    plan.run = start_record(session.target());
    finish_record(plan.run);
    return plan;
}

ChangeSummary SeekChange::summary(const SeekPlan& plan) const {
    return {command(), plan.changed, "consumers", m_source.consumers->table,
            seek_selection_json(m_options)};
}

SeekPlan SeekChange::apply(Session& session, const SeekPlan& plan,
                           const RunControl& /*control*/) const {
    auto record = start_record(session.target());
    auto applied = apply_seek(session, m_source, m_options, plan);
    applied.run = record;
    finish_record(applied.run);
    return applied;
}

SeekChange plan_seek(const Layout& layout, SeekOptions options) {
    require_capability(layout, options.create ? Command::log_seek_create : Command::log_seek);
    validate_seek_options(options);
    const auto& consumers = *layout.log->consumers;
    if (!consumers.tells_liveness() && !options.force) {
        // Moving a consumer that runs is undone by its next acknowledgement: the check that
        // stops it cannot be made here, so the operator makes it and says so.
        throw UsageError("layout " + layout.name + " cannot tell whether a consumer is live" +
                             (consumers.live_elsewhere ? " (" + *consumers.live_elsewhere + ")"
                                                       : std::string(" (it records no update "
                                                                     "time, heartbeat or owner)")),
                         "stop the consumer, then seek with --force");
    }
    if (options.create) {
        for (const auto& name : options.consumers) {
            consumer_key_values(consumers, name);
        }
    }
    options.audit_table = layout.audit;
    return SeekChange(*layout.log, std::move(options));
}

} // namespace eventctl
