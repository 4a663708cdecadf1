#include "MigrationsView.h"

#include "ActionGate.h"
#include "Confirm.h"
#include "MigrationService.h"
#include "MigrationsModel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QVBoxLayout>
#include <utility>

MigrationsView::MigrationsView(MigrationService* service, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new MigrationsModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_sql(new QPlainTextEdit(this))
    , m_log(new QPlainTextEdit(this))
    , m_progress(new QProgressBar(this))
    , m_apply(new QPushButton(tr("Apply pending"), this))
    , m_applyTo(new QPushButton(tr("Apply up to selected"), this))
    , m_rollBack(new QPushButton(tr("Roll back selected…"), this))
    , m_preview(new QPushButton(tr("Preview SQL"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setTabKeyNavigation(false); // Tab goes on to the buttons
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(MigrationsModel::DescriptionColumn,
                                                      QHeaderView::Stretch);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* edit : {m_sql, m_log}) {
        edit->setReadOnly(true);
        edit->setFont(mono);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_table->setAccessibleName(tr("Migrations"));
    m_sql->setAccessibleName(tr("SQL of the selected migration"));
    m_log->setAccessibleName(tr("Migration log"));
    m_tabs->addTab(m_sql, tr("SQL"));
    m_tabs->addTab(m_log, tr("Log"));

    m_apply->setObjectName(QStringLiteral("applyButton"));
    m_applyTo->setObjectName(QStringLiteral("applyToButton"));
    m_rollBack->setObjectName(QStringLiteral("rollBackButton"));
    m_preview->setObjectName(QStringLiteral("previewButton"));
    m_preview->setToolTip(tr("Show the SQL that Apply would run, without changing anything"));
    m_progress->setVisible(false);
    m_cancel->setVisible(false);

    auto* buttons = new QHBoxLayout;
    m_summary->setWordWrap(true); // a long "may not" wraps instead of widening the window
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_preview);
    buttons->addWidget(m_applyTo);
    buttons->addWidget(m_rollBack);
    buttons->addWidget(m_apply);
    auto* running = new QHBoxLayout;
    running->addWidget(m_progress, 1);
    running->addWidget(m_cancel);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addLayout(running);
    layout->addWidget(splitter, 1);

    connect(m_apply, &QPushButton::clicked, this, &MigrationsView::applyPending);
    connect(m_applyTo, &QPushButton::clicked, this, &MigrationsView::applyUpToSelected);
    connect(m_rollBack, &QPushButton::clicked, this, &MigrationsView::rollBackToBeforeSelected);
    connect(m_preview, &QPushButton::clicked, this, &MigrationsView::previewPending);
    connect(m_cancel, &QPushButton::clicked, m_service, &MigrationService::cancel);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showSelectedSql();
        updateButtons();
    });

    connect(m_service, &MigrationService::statusChanged, this, [this](const auto& entries) {
        const QString keep = selectedId();
        m_model->setEntries(entries);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->entry(row)->id == keep)
                m_table->selectRow(row);
        }
        const int pending = m_model->pendingCount();
        m_summary->setText(pending == 0 ? tr("The database is up to date.")
                                        : tr("%n migration(s) pending.", nullptr, pending));
        m_readSummary = m_summary->text();
        explainPrivileges();
        updateButtons();
        emit pendingCountChanged(pending);
    });
    connect(m_service, &MigrationService::statusFailed, this, [this](const DbError& e) {
        m_readSummary.clear();
        // Refused by the server (insufficient_privilege): one line on what to ask for.
        if (e.sqlState == QLatin1String("42501")) {
            m_summary->setText(
                tr("Your role %1 may not read the migration state: ask the database owner for: "
                   "GRANT SELECT ON horoscope_admin_schema_history TO %1;")
                    .arg(m_privileges.role().isEmpty() ? tr("(unknown)") : m_privileges.role()));
            return;
        }
        m_summary->setText(tr("Could not read the migration state: %1").arg(e.message));
    });
    connect(m_service, &MigrationService::started, this, [this] {
        m_progress->setRange(0, 0);
        m_progress->setVisible(true);
        m_cancel->setVisible(true);
        m_cancel->setEnabled(true);
        updateButtons();
    });
    connect(m_service, &MigrationService::progress, this,
            [this](const QString& message, int done, int total) {
                if (total > 0) {
                    m_progress->setRange(0, total);
                    m_progress->setValue(done);
                }
                m_progress->setFormat(message);
                m_progress->setTextVisible(true);
                appendLog(message);
            });
    connect(m_service, &MigrationService::output, this, [this](const QString& text) {
        m_tabs->setCurrentWidget(m_log);
        m_log->appendPlainText(text);
    });
    connect(m_service, &MigrationService::finished, this, &MigrationsView::onFinished);
    connect(m_service, &MigrationService::rollbackPreviewed, this,
            &MigrationsView::onRollbackPreviewed);
    m_service->refresh();
    updateButtons();
}

QString MigrationsView::selectedId() const
{
    const auto* e = m_model->entry(m_table->currentIndex().row());
    return e ? e->id : QString();
}

QString MigrationsView::log() const
{
    return m_log->toPlainText();
}

int MigrationsView::pendingCount() const
{
    return m_model->pendingCount();
}

void MigrationsView::appendLog(const QString& text)
{
    m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss ")) + text);
}

void MigrationsView::showSelectedSql()
{
    const auto* e = m_model->entry(m_table->currentIndex().row());
    if (!e || !e->migration) {
        m_sql->setPlainText(e ? tr("-- This migration is not part of this version of the app.")
                              : QString());
        return;
    }
    m_sql->setPlainText(
        tr("-- %1\n-- Up\n%2\n\n-- Down\n%3\n")
            .arg(e->migration->fileName, e->migration->upSql, e->migration->downSql));
    m_tabs->setCurrentWidget(m_sql);
}

void MigrationsView::updateButtons()
{
    const bool busy = m_service->isBusy();
    const auto* e = m_model->entry(m_table->currentIndex().row());
    const bool pending = m_model->pendingCount() > 0;
    const QString noApply = m_privileges.reason(Privileges::Action::ApplyMigrations);
    ActionGate::apply(m_apply, !busy && pending, noApply,
                      tr("Apply every pending migration, in order"));
    m_preview->setEnabled(!busy && pending);
    ActionGate::apply(m_applyTo, !busy && e && e->state == MigrationRunner::State::Pending,
                      noApply);
    ActionGate::apply(m_rollBack, !busy && e && e->state == MigrationRunner::State::Applied,
                      m_privileges.reason(Privileges::Action::RollBackMigrations));
}

void MigrationsView::setPrivileges(const Privileges& privileges)
{
    m_privileges = privileges;
    updateButtons();
    explainPrivileges();
}

void MigrationsView::explainPrivileges()
{
    if (m_readSummary.isEmpty())
        return;
    // A role that may neither apply nor roll back sees why on the page, not only in tooltips.
    const QString noApply = m_privileges.reason(Privileges::Action::ApplyMigrations);
    const QString noRollBack = m_privileges.reason(Privileges::Action::RollBackMigrations);
    if (noApply.isEmpty() && noRollBack.isEmpty()) {
        m_summary->setText(m_readSummary);
        m_summary->setToolTip({});
        return;
    }
    const QString what = noRollBack.isEmpty() ? tr("apply migrations")
                         : noApply.isEmpty()  ? tr("roll back migrations")
                                              : tr("apply or roll back migrations");
    m_summary->setText(
        tr("%1 Your role %2 may not %3 here: ask the database owner to run them, or for the "
           "tables' owner role.")
            .arg(m_readSummary, m_privileges.role(), what));
    m_summary->setToolTip(
        QStringList{noApply, noRollBack, m_privileges.grantFor(Privileges::Action::ApplyMigrations)}
            .join(QLatin1Char('\n'))
            .trimmed());
}

void MigrationsView::applyPending()
{
    const int pending = m_model->pendingCount();
    if (pending == 0)
        return;
    if (!Confirm::ask(this, tr("Apply migrations"),
                      tr("Apply %n pending migration(s) to this database? Each one runs in its "
                         "own transaction; the bot keeps running.",
                         nullptr, pending),
                      tr("Apply")))
        return;
    m_log->clear();
    m_lastUpTarget.clear();
    m_service->up({});
}

void MigrationsView::applyUpToSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() ||
        !Confirm::ask(this, tr("Apply migrations"),
                      tr("Apply the pending migrations up to and including %1?").arg(id),
                      tr("Apply")))
        return;
    m_log->clear();
    m_lastUpTarget = id;
    m_service->up(id);
}

void MigrationsView::rollBackToBeforeSelected()
{
    const auto* e = m_model->entry(m_table->currentIndex().row());
    if (!e)
        return;
    // Roll back the selected migration and every later one: target the one before it.
    QString target = QStringLiteral("0");
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->entry(row)->id == e->id)
            break;
        target = m_model->entry(row)->id;
    }
    // First ask the database what would be lost, then the user.
    m_rollbackFile = e->fileName;
    m_rollBack->setEnabled(false);
    m_service->previewRollback(target);
}

void MigrationsView::onRollbackPreviewed(const QString& toId,
                                         const QList<MigrationGuards::TableLoss>& losses,
                                         const QString& database, const DbError& error)
{
    updateButtons();
    if (error) {
        appendLog(error.message);
        m_tabs->setCurrentWidget(m_log);
        return;
    }
    if (losses.isEmpty()) {
        if (!Confirm::ask(this, tr("Roll back migrations"),
                          tr("Roll back %1 and every migration applied after it? What they drop "
                             "holds no data now.")
                              .arg(m_rollbackFile),
                          tr("Roll back"), true))
            return;
    } else if (!Confirm::askTyped(
                   this, tr("Roll back migrations and delete data"),
                   tr("Rolling back %1 and every migration applied after it deletes %2 in "
                      "database %3. This cannot be undone from this app; back the data up "
                      "first.")
                       .arg(m_rollbackFile, MigrationGuards::describe(losses), database),
                   database, tr("Delete and roll back"))) {
        return;
    }
    m_log->clear();
    m_service->down(toId, false, !losses.isEmpty());
}

void MigrationsView::previewPending()
{
    m_log->clear();
    m_lastRunWasPreview = true;
    m_service->up({}, true);
}

void MigrationsView::onFinished(bool ok, const DbError& error)
{
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    if (ok) {
        appendLog(tr("Done."));
    } else {
        appendLog(error.message);
        m_tabs->setCurrentWidget(m_log);
    }
    updateButtons();
    emit schemaChanged();
    // The bot's tables are missing and no Alembic manages this database: creating them here
    // is a deliberate choice with a consequence for a later bot deploy, so it is asked.
    const bool preview = std::exchange(m_lastRunWasPreview, false);
    if (!ok && !preview && error.kind == DbError::Kind::TablesMissing &&
        Confirm::ask(this, tr("Create the bot's tables?"),
                     tr("horoscope_cache and horoscope_views belong to the bot and do not exist "
                        "in this database. Create them here only if the bot will never migrate "
                        "this database: its own deploy (alembic upgrade) would then fail on "
                        "them. If the bot will use it, deploy the bot first and apply again: "
                        "its tables are then adopted."),
                     tr("Create the tables"), true)) {
        m_log->clear();
        m_service->up(m_lastUpTarget, false, true);
    }
}
