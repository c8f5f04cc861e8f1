<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name></name>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="85"/>
        <source>… and {0} more</source>
        <translation>… y {0} más</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="92"/>
        <source>(untitled journey)</source>
        <translation>(viaje sin título)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="200"/>
        <source>Replace the file?</source>
        <translation>¿Reemplazar el archivo?</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="201"/>
        <source>{0} already exists. Replace it?</source>
        <translation>{0} ya existe. ¿Desea reemplazarlo?</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="248"/>
        <location filename="../../cxdesigner/dialogs/common.py" line="339"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="249"/>
        <location filename="../../cxdesigner/dialogs/common.py" line="292"/>
        <source>Please wait</source>
        <translation>Espere, por favor</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="336"/>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/common.py" line="338"/>
        <source>Import nothing</source>
        <translation>No importar nada</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="24"/>
        <source>CSV with commas (*.csv)</source>
        <translation>CSV con comas (*.csv)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="25"/>
        <source>CSV with semicolons, for Excel in Spanish, French, German… (*.csv)</source>
        <translation>CSV con punto y coma, para Excel en español, francés, alemán… (*.csv)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="28"/>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="38"/>
        <source>Project JSON (*.json)</source>
        <translation>JSON del proyecto (*.json)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="29"/>
        <source>GraphML for yEd, Gephi, networkx (*.graphml)</source>
        <translation>GraphML para yEd, Gephi, networkx (*.graphml)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="30"/>
        <source>Mermaid journey diagrams (*.mmd)</source>
        <translation>Diagramas de viaje de Mermaid (*.mmd)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="36"/>
        <source>Export touchpoints as CSV</source>
        <translation>Exportar puntos de contacto como CSV</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="37"/>
        <source>Export the project as JSON</source>
        <translation>Exportar el proyecto como JSON</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="38"/>
        <source>Export the journey as GraphML</source>
        <translation>Exportar el viaje como GraphML</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="39"/>
        <source>Export the journey as a Mermaid diagram</source>
        <translation>Exportar el viaje como diagrama de Mermaid</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="84"/>
        <source>Choose a journey to export first.</source>
        <translation>Primero elija un viaje para exportar.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="100"/>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="103"/>
        <location filename="../../cxdesigner/dialogs/export_text.py" line="106"/>
        <source>Not exported</source>
        <translation>No se exportó</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="36"/>
        <source>CX Designer projects (*.cxd *.json)</source>
        <translation>Proyectos de CX Designer (*.cxd *.json)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="37"/>
        <source>CX Designer project files (*.cxd)</source>
        <translation>Archivos de proyecto de CX Designer (*.cxd)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="39"/>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="46"/>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="33"/>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="209"/>
        <source>Import journeys from another project</source>
        <translation>Importar viajes de otro proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="46"/>
        <source>Mermaid diagrams (*.mmd *.mermaid *.md *.txt)</source>
        <translation>Diagramas de Mermaid (*.mmd *.mermaid *.md *.txt)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="241"/>
        <source>Import a Mermaid journey</source>
        <translation>Importar un viaje de Mermaid</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="86"/>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="90"/>
        <source>Import survey answers</source>
        <translation>Importar respuestas de encuesta</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="86"/>
        <source>The project has no journey to match the answers to.</source>
        <translation>El proyecto no tiene ningún viaje al que asignar las respuestas.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="30"/>
        <source>Spreadsheets (*.csv *.xlsx *.txt *.tsv)</source>
        <translation>Hojas de cálculo (*.csv *.xlsx *.txt *.tsv)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="31"/>
        <source>CSV files (*.csv *.txt *.tsv)</source>
        <translation>Archivos CSV (*.csv *.txt *.tsv)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="32"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Libros de Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="121"/>
        <source>Import touchpoints from a spreadsheet</source>
        <translation>Importar puntos de contacto de una hoja de cálculo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="23"/>
        <source>Share a copy</source>
        <translation>Compartir una copia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="25"/>
        <source>{0} (copy)</source>
        <translation>{0} (copia)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="26"/>
        <source>CX Designer projects (*.cxd)</source>
        <translation>Proyectos de CX Designer (*.cxd)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="33"/>
        <source>That is the project&apos;s own file. Choose another name for the copy, or use Save to update the file.</source>
        <translation>Ese es el propio archivo del proyecto. Elija otro nombre para la copia, o use Guardar para actualizar el archivo.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="37"/>
        <source>Writing {0}…</source>
        <translation>Escribiendo {0}…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="42"/>
        <source>The copy was not written</source>
        <translation>No se escribió la copia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/share.py" line="47"/>
        <source>A copy of the project was written to {0}.

It includes unsaved changes; your own file is unchanged.</source>
        <translation>Se escribió una copia del proyecto en {0}.

Incluye los cambios sin guardar; su propio archivo no se ha modificado.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py"/>
        <source>draw.io diagrams (*.drawio)</source>
        <translation>Diagramas de draw.io (*.drawio)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_text.py"/>
        <source>Export the journey as a draw.io diagram</source>
        <translation>Exportar el viaje como diagrama de draw.io</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_drawio.py"/>
        <source>draw.io diagrams (*.drawio *.xml)</source>
        <translation>Diagramas de draw.io (*.drawio *.xml)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_drawio.py"/>
        <source>Import a draw.io diagram</source>
        <translation>Importar un diagrama de draw.io</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="101"/>
        <source>Revert to backup</source>
        <translation>Volver a una copia de seguridad</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="105"/>
        <source>Choose a backup. Reverting is one step you can undo; save to keep it.</source>
        <translation>Elija una copia de seguridad. Volver a ella es un solo paso que puede deshacer; guarde el proyecto para conservar el resultado.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="110"/>
        <source>Taken</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="110"/>
        <source>Journeys</source>
        <translation>Viajes</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="110"/>
        <source>Touchpoints</source>
        <translation>Puntos de contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="110"/>
        <source>Connections</source>
        <translation>Conexiones</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="110"/>
        <source>Personas</source>
        <translation>Tipos de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="123"/>
        <source>&amp;Revert</source>
        <translation>&amp;Volver a esta copia</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="266"/>
        <source>The automatic backup failed: {0}</source>
        <translation>No se pudo hacer la copia de seguridad automática: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="270"/>
        <source>Backup made: {0}</source>
        <translation>Copia de seguridad realizada: {0}</translation>
    </message>
</context>
<context>
    <name>ChartsWidget</name>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="83"/>
        <source>Save…</source>
        <translation>Guardar…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="84"/>
        <source>Save this chart as PNG, SVG or PDF</source>
        <translation>Guardar este gráfico como PNG, SVG o PDF</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="85"/>
        <source>Path:</source>
        <translation>Recorrido:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="86"/>
        <source>Compare with:</source>
        <translation>Comparar con:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="87"/>
        <source>Crosshair:</source>
        <translation>Cruce:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="89"/>
        <source>Emotion curve</source>
        <translation>Curva emocional</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="90"/>
        <source>Importance vs satisfaction</source>
        <translation>Importancia frente a satisfacción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="91"/>
        <source>Gap ranking</source>
        <translation>Ranking de brechas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="92"/>
        <source>Stages × channels</source>
        <translation>Etapas × canales</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="93"/>
        <source>Persona comparison</source>
        <translation>Comparación de tipos de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="96"/>
        <source>At the means</source>
        <translation>En las medias</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="97"/>
        <source>At the midpoint (3)</source>
        <translation>En el punto medio (3)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="100"/>
        <source>Chart:</source>
        <translation>Gráfico:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="237"/>
        <source>Open or create a journey to see its charts.</source>
        <translation>Abra o cree un viaje para ver sus gráficos.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="248"/>
        <source>Could not analyse this journey: {0}</source>
        <translation>No se pudo analizar este viaje: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="256"/>
        <source>Could not draw this chart: {0}</source>
        <translation>No se pudo dibujar este gráfico: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="324"/>
        <source>Whole journey</source>
        <translation>Todo el viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="326"/>
        <source>Worst path (path {0})</source>
        <translation>Peor recorrido (recorrido {0})</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="329"/>
        <source>Path {0}: {1} → {2} ({3} steps)</source>
        <translation>Recorrido {0}: {1} → {2} ({3} pasos)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="337"/>
        <source>Path {0}</source>
        <translation>Recorrido {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="354"/>
        <source>(untitled journey)</source>
        <translation>(viaje sin título)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="402"/>
        <source>Save chart</source>
        <translation>Guardar gráfico</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="404"/>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)</source>
        <translation>Imagen PNG (*.png);;Imagen SVG (*.svg);;Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="413"/>
        <source>Chart not saved</source>
        <translation>No se guardó el gráfico</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/charts/dock.py" line="414"/>
        <source>The chart could not be saved to {0}: {1}</source>
        <translation>No se pudo guardar el gráfico en {0}: {1}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="51"/>
        <source>&amp;Journey:</source>
        <translation>&amp;Viaje:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="54"/>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="59"/>
        <source>C&amp;hoose…</source>
        <translation>&amp;Elegir…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="62"/>
        <source>&amp;Save to:</source>
        <translation>&amp;Guardar en:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="68"/>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="87"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="106"/>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="177"/>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="185"/>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="188"/>
        <source>Not exported</source>
        <translation>No se exportó</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="177"/>
        <source>The folder {0} does not exist.</source>
        <translation>La carpeta {0} no existe.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/exportbase.py" line="193"/>
        <source>Exported with notes</source>
        <translation>Exportado con observaciones</translation>
    </message>
</context>
<context>
    <name>ExportMapDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="47"/>
        <source>Export map</source>
        <translation>Exportar mapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="51"/>
        <source>PNG picture</source>
        <translation>Imagen PNG</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="52"/>
        <source>SVG drawing (text stays text)</source>
        <translation>Dibujo SVG (el texto sigue siendo texto)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="53"/>
        <source>PDF document (vector)</source>
        <translation>Documento PDF (vectorial)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="54"/>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="59"/>
        <source>The &amp;whole journey</source>
        <translation>&amp;Todo el viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="67"/>
        <source>Show:</source>
        <translation>Mostrar:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="73"/>
        <source> dpi</source>
        <translation> ppp</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="74"/>
        <source>150 dpi suits slides; 300 dpi suits print.</source>
        <translation>150 ppp para diapositivas; 300 ppp para impresión.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="78"/>
        <source>&amp;Resolution:</source>
        <translation>&amp;Resolución:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="81"/>
        <source>&amp;Transparent background</source>
        <translation>Fon&amp;do transparente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="85"/>
        <source>One page the size of the map</source>
        <translation>Una página del tamaño del mapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="86"/>
        <source>A4 landscape pages</source>
        <translation>Páginas A4 horizontales</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="87"/>
        <source>A3 landscape pages</source>
        <translation>Páginas A3 horizontales</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="88"/>
        <source>&amp;Paper:</source>
        <translation>&amp;Papel:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="103"/>
        <source>Only the &amp;selected card</source>
        <translation>Solo la tarjeta &amp;seleccionada</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="103"/>
        <source>Only the &amp;selected cards ({0})</source>
        <translation>Solo las tarjetas &amp;seleccionadas ({0})</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="122"/>
        <source>PNG pictures (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="123"/>
        <source>SVG drawings (*.svg)</source>
        <translation>Dibujos SVG (*.svg)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="124"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_map.py" line="139"/>
        <source>Drawing the map…</source>
        <translation>Dibujando el mapa…</translation>
    </message>
</context>
<context>
    <name>ExportReportDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/export_report.py" line="18"/>
        <source>Export workshop report</source>
        <translation>Exportar informe del taller</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_report.py" line="24"/>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/export_report.py" line="35"/>
        <source>Writing the report…</source>
        <translation>Escribiendo el informe…</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="33"/>
        <source>Find cards…</source>
        <translation>Buscar tarjetas…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="41"/>
        <source>Any tag</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="48"/>
        <source>Has pain points</source>
        <translation>Con puntos de dolor</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="49"/>
        <source>Hide others</source>
        <translation>Ocultar el resto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="54"/>
        <source>Close the find bar and show every card (Esc)</source>
        <translation>Cerrar la barra de búsqueda y mostrar todas las tarjetas (Esc)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="62"/>
        <source>Emotion</source>
        <translation>Emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="88"/>
        <source>Any channel</source>
        <translation>Cualquier canal</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/findbar.py" line="108"/>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
</context>
<context>
    <name>ImportDrawioDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/import_drawio.py"/>
        <source>Import a draw.io diagram</source>
        <translation>Importar un diagrama de draw.io</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_drawio.py"/>
        <source>and {0} more</source>
        <translation>y {0} más</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_drawio.py"/>
        <source>Cannot read the draw.io diagram</source>
        <translation>No se puede leer el diagrama de draw.io</translation>
    </message>
</context>
<context>
    <name>ImportJourneysDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="59"/>
        <source>Import journeys from another project</source>
        <translation>Importar viajes de otro proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="63"/>
        <source>Checking {0}…</source>
        <translation>Comprobando {0}…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="79"/>
        <source>Journey</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="79"/>
        <source>Persona</source>
        <translation>Tipo de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="79"/>
        <source>Cards</source>
        <translation>Tarjetas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="92"/>
        <source>Select &amp;all</source>
        <translation>Seleccionar &amp;todos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="93"/>
        <source>Select &amp;none</source>
        <translation>Seleccionar &amp;ninguno</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="103"/>
        <source>The journeys come with their personas and channels. A journey or persona whose name is already taken here gets a number, e.g. “Name (2)”.</source>
        <translation>Los viajes se importan con sus tipos de cliente y canales. Si un viaje o tipo de cliente tiene un nombre que ya existe aquí, se le añade un número, p. ej., “Nombre (2)”.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="111"/>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="126"/>
        <source>{0} · project “{1}”</source>
        <translation>{0} · proyecto “{1}”</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="131"/>
        <source>This project has no journey to import.</source>
        <translation>Este proyecto no tiene ningún viaje que importar.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="172"/>
        <source>Import 1 journey</source>
        <translation>Importar 1 viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="172"/>
        <source>Import {0} journeys</source>
        <translation>Importar {0} viajes</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="184"/>
        <source>Nothing was imported</source>
        <translation>No se importó nada</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_journeys.py" line="196"/>
        <source>Cannot read the project</source>
        <translation>No se puede leer el proyecto</translation>
    </message>
</context>
<context>
    <name>ImportMermaidDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="88"/>
        <source>Import a Mermaid journey</source>
        <translation>Importar un viaje de Mermaid</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="114"/>
        <source>Add the touchpoints to</source>
        <translation>Añadir los puntos de contacto a</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="116"/>
        <source>A &amp;new journey named:</source>
        <translation>Un viaje &amp;nuevo llamado:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="119"/>
        <source>&amp;Journey:</source>
        <translation>&amp;Viaje:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="137"/>
        <source>Check</source>
        <translation>Comprobación</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="180"/>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="162"/>
        <source>1 task</source>
        <translation>1 tarea</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="162"/>
        <source>{0} tasks</source>
        <translation>{0} tareas</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="163"/>
        <source>%n section(s)</source>
        <translation>
            <numerusform>%n sección</numerusform>
            <numerusform>%n secciones</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="166"/>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="168"/>
        <source>actor: {0}</source>
        <translation>actor: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="173"/>
        <source>Every line is valid.</source>
        <translation>Todas las líneas son válidas.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="177"/>
        <source>Import valid lines ({0})</source>
        <translation>Importar las líneas válidas ({0})</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="208"/>
        <source>Nothing was imported</source>
        <translation>No se importó nada</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_mermaid.py" line="224"/>
        <source>Cannot read the Mermaid diagram</source>
        <translation>No se puede leer el diagrama de Mermaid</translation>
    </message>
</context>
<context>
    <name>ImportSurveyDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="28"/>
        <source>Import survey answers</source>
        <translation>Importar respuestas de encuesta</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="40"/>
        <source>The project has no journey to match the answers to.</source>
        <translation>El proyecto no tiene ningún viaje al que asignar las respuestas.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="48"/>
        <source>1 answer is ready to import</source>
        <translation>1 respuesta lista para importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="49"/>
        <source>{0} answers are ready to import</source>
        <translation>{0} respuestas listas para importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="54"/>
        <source>Match answers to the cards of &amp;journey:</source>
        <translation>Asignar las respuestas a las tarjetas del &amp;viaje:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_survey.py" line="59"/>
        <source>Each row needs a touchpoint title, a measure (nps, csat, ces or emotion) and a score; date and comment are optional.</source>
        <translation>Cada fila necesita el título de un punto de contacto, una medida (nps, csat, ces o emoción) y una puntuación; la fecha y el comentario son opcionales.</translation>
    </message>
</context>
<context>
    <name>ImportTouchpointsDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="41"/>
        <source>Import touchpoints</source>
        <translation>Importar puntos de contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="58"/>
        <source>1 touchpoint is ready to import</source>
        <translation>1 punto de contacto listo para importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="59"/>
        <source>{0} touchpoints are ready to import</source>
        <translation>{0} puntos de contacto listos para importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="62"/>
        <source>Add the touchpoints to</source>
        <translation>Añadir los puntos de contacto a</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="64"/>
        <source>&amp;Journey:</source>
        <translation>&amp;Viaje:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/import_touchpoints.py" line="66"/>
        <source>A &amp;new journey named:</source>
        <translation>Un viaje &amp;nuevo llamado:</translation>
    </message>
</context>
<context>
    <name>InsightsWidget</name>
    <message>
        <location filename="../../cxdesigner/panels/insights.py" line="141"/>
        <source>Could not analyse this journey: {0}</source>
        <translation>No se pudo analizar este viaje: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/insights.py" line="158"/>
        <source>Open or create a journey to see its findings.</source>
        <translation>Abra o cree un viaje para ver sus hallazgos.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/insights.py" line="160"/>
        <source>No findings: nothing in this journey needs attention.</source>
        <translation>Sin hallazgos: nada en este viaje requiere atención.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/panels/insights.py" line="162"/>
        <source>%n finding(s), most severe first. Click one to show its cards.</source>
        <translation>
            <numerusform>%n hallazgo; haga clic en él para ver sus tarjetas.</numerusform>
            <numerusform>%n hallazgos, de más a menos grave. Haga clic en uno para ver sus tarjetas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InspectorWidget</name>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="112"/>
        <source>(several values)</source>
        <translation>(varios valores)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="127"/>
        <source>Select a touchpoint on the map or in the table to see its details.</source>
        <translation>Seleccione un punto de contacto en el mapa o en la tabla para ver sus detalles.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="146"/>
        <source>Pain points</source>
        <translation>Puntos de dolor</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="146"/>
        <source>Add a pain point…</source>
        <translation>Añadir un punto de dolor…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="147"/>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="147"/>
        <source>Add an opportunity…</source>
        <translation>Añadir una oportunidad…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="188"/>
        <source>Not set</source>
        <translation>Sin definir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="209"/>
        <location filename="../../cxdesigner/panels/inspector.py" line="211"/>
        <location filename="../../cxdesigner/panels/inspector.py" line="372"/>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="237"/>
        <source>Basics</source>
        <translation>Datos básicos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="239"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="240"/>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="241"/>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="242"/>
        <source>Votes</source>
        <translation>Votos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="243"/>
        <source>Moment of truth</source>
        <translation>Momento de la verdad</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="245"/>
        <source>A moment that decides whether the customer stays or leaves</source>
        <translation>Un momento que decide si el cliente se queda o se va</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="255"/>
        <source>comma, separated</source>
        <translation>separadas, por comas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="294"/>
        <source>Customer&apos;s view</source>
        <translation>Visión del cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="297"/>
        <source>What the customer expects</source>
        <translation>Lo que espera el cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="298"/>
        <source>Expectation</source>
        <translation>Expectativa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="299"/>
        <source>Experience</source>
        <translation>Experiencia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="301"/>
        <source>How the customer feels, from −3 (very bad) to +3 (very good)</source>
        <translation>Cómo se siente el cliente, de −3 (muy mal) a +3 (muy bien)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="302"/>
        <source>Emotion</source>
        <translation>Emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="304"/>
        <source>Emotion words</source>
        <translation>Palabras de emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="306"/>
        <source>Rational / emotional weight</source>
        <translation>Peso racional / emocional</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="359"/>
        <source>0 % = a purely rational step, 100 % = a purely emotional one</source>
        <translation>0 % = un paso puramente racional, 100 % = uno puramente emocional</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="361"/>
        <source>Rational</source>
        <translation>Racional</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="363"/>
        <source>Emotional</source>
        <translation>Emocional</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="387"/>
        <source>Measures</source>
        <translation>Medidas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="390"/>
        <source>How much this step matters to the customer, 1 to 5</source>
        <translation>Cuánto le importa este paso al cliente, de 1 a 5</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="391"/>
        <source>Importance</source>
        <translation>Importancia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="393"/>
        <source>How well the organisation performs here, 1 to 5</source>
        <translation>Desempeño de la organización en este paso, de 1 a 5</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="394"/>
        <source>Satisfaction</source>
        <translation>Satisfacción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="396"/>
        <source>Importance minus satisfaction: where it is large, improve first</source>
        <translation>Importancia menos satisfacción: donde es grande, mejore primero</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="397"/>
        <source>Gap</source>
        <translation>Brecha</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="399"/>
        <source>CSAT (0–100)</source>
        <translation>CSAT (0–100)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="399"/>
        <source>Customer satisfaction score, 0 to 100</source>
        <translation>Puntuación de satisfacción del cliente, de 0 a 100</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="401"/>
        <source>NPS (−100 to 100)</source>
        <translation>NPS (−100 a 100)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="401"/>
        <source>Net promoter score, −100 to 100</source>
        <translation>Net Promoter Score, de −100 a 100</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="403"/>
        <source>Customer effort, 1 (easy) to 7 (very hard)</source>
        <translation>Esfuerzo del cliente, de 1 (fácil) a 7 (muy difícil)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="404"/>
        <source>Effort (1–7)</source>
        <translation>Esfuerzo (1–7)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="410"/>
        <source>(several values: what you add goes to every selected card)</source>
        <translation>(varios valores: lo que añada irá a todas las tarjetas seleccionadas)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="421"/>
        <source>Ownership</source>
        <translation>Propiedad</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="432"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="433"/>
        <location filename="../../cxdesigner/panels/inspector.py" line="452"/>
        <source>(not set)</source>
        <translation>(sin definir)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="434"/>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="435"/>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="436"/>
        <source>Owned by</source>
        <translation>Propietario</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="437"/>
        <source>Team</source>
        <translation>Equipo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="437"/>
        <source>Who looks after this step</source>
        <translation>Quién se ocupa de este paso</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="441"/>
        <source>Evidence and notes</source>
        <translation>Evidencia y notas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="444"/>
        <source>Observed with customers, assumed by the team, or proposed for the future</source>
        <translation>Observado con clientes, supuesto por el equipo o propuesto para el futuro</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="445"/>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="446"/>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="458"/>
        <source>Add channel…</source>
        <translation>Añadir canal…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="506"/>
        <source>No touchpoint selected</source>
        <translation>Ningún punto de contacto seleccionado</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="510"/>
        <source>(untitled touchpoint)</source>
        <translation>(punto de contacto sin título)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="513"/>
        <source>Stage: %1 · Lane: %2</source>
        <translation>Etapa: %1 · Carril: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/panels/inspector.py" line="518"/>
        <source>%n touchpoints selected</source>
        <translation>
            <numerusform>%n punto de contacto seleccionado</numerusform>
            <numerusform>%n puntos de contacto seleccionados</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="519"/>
        <source>An edit applies to every selected touchpoint.</source>
        <translation>Cada cambio se aplica a todos los puntos de contacto seleccionados.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="627"/>
        <source>Add channel</source>
        <translation>Añadir canal</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/inspector.py" line="627"/>
        <source>Name of the new channel:</source>
        <translation>Nombre del nuevo canal:</translation>
    </message>
</context>
<context>
    <name>JourneyEditor</name>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="165"/>
        <source>CX Designer</source>
        <translation>CX Designer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="205"/>
        <location filename="../../cxdesigner/canvas/editor.py" line="219"/>
        <source>These cards are already connected</source>
        <translation>Estas tarjetas ya están conectadas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="214"/>
        <source>Select two cards to connect them</source>
        <translation>Seleccione dos tarjetas para conectarlas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="222"/>
        <source>Connect touchpoints</source>
        <translation>Conectar puntos de contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="229"/>
        <source>Set emotion</source>
        <translation>Cambiar emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="237"/>
        <source>Rename touchpoint</source>
        <translation>Renombrar punto de contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="255"/>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="273"/>
        <source>Add stage</source>
        <translation>Añadir etapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="273"/>
        <source>Name of the new stage:</source>
        <translation>Nombre de la nueva etapa:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="273"/>
        <source>New stage</source>
        <translation>Nueva etapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="286"/>
        <source>Add lane</source>
        <translation>Añadir carril</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="286"/>
        <source>Name of the new lane:</source>
        <translation>Nombre del nuevo carril:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="286"/>
        <source>New lane</source>
        <translation>Nuevo carril</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="293"/>
        <source>Rename stage</source>
        <translation>Renombrar etapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="293"/>
        <source>Stage name:</source>
        <translation>Nombre de la etapa:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="296"/>
        <source>Rename lane</source>
        <translation>Renombrar carril</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="296"/>
        <source>Lane name:</source>
        <translation>Nombre del carril:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="308"/>
        <source>Change phase</source>
        <translation>Cambiar fase</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="346"/>
        <source>Connection label</source>
        <translation>Etiqueta de la conexión</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="346"/>
        <source>Label:</source>
        <translation>Etiqueta:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="349"/>
        <source>Change connection label</source>
        <translation>Cambiar etiqueta de conexión</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="356"/>
        <source>Change connection kind</source>
        <translation>Cambiar tipo de conexión</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/canvas/editor.py" line="369"/>
        <source>Copied %n card(s)</source>
        <translation>
            <numerusform>%n tarjeta copiada</numerusform>
            <numerusform>%n tarjetas copiadas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="396"/>
        <source>Cannot paste: %1</source>
        <translation>No se puede pegar: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/canvas/editor.py" line="400"/>
        <source>Paste %n card(s)</source>
        <translation>
            <numerusform>Pegar %n tarjeta</numerusform>
            <numerusform>Pegar %n tarjetas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/canvas/editor.py" line="431"/>
        <source>Duplicate %n card(s)</source>
        <translation>
            <numerusform>Duplicar %n tarjeta</numerusform>
            <numerusform>Duplicar %n tarjetas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="441"/>
        <source>Auto-arrange</source>
        <translation>Organizar automáticamente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="443"/>
        <source>The cards are already arranged</source>
        <translation>Las tarjetas ya están organizadas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="651"/>
        <source>New touchpoint here</source>
        <translation>Nuevo punto de contacto aquí</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="653"/>
        <source>Paste here</source>
        <translation>Pegar aquí</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="676"/>
        <source>Edit title</source>
        <translation>Editar título</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="677"/>
        <source>Emotion</source>
        <translation>Emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="686"/>
        <source>No emotion</source>
        <translation>Sin emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="689"/>
        <location filename="../../cxdesigner/canvas/editor.py" line="693"/>
        <source>Moment of truth</source>
        <translation>Momento de la verdad</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="695"/>
        <source>Add a vote</source>
        <translation>Añadir un voto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="696"/>
        <source>Remove a vote</source>
        <translation>Quitar un voto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="708"/>
        <location filename="../../cxdesigner/canvas/editor.py" line="710"/>
        <source>Vote</source>
        <translation>Voto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="715"/>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="723"/>
        <source>Edit label…</source>
        <translation>Editar etiqueta…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="730"/>
        <source>Rename stage…</source>
        <translation>Renombrar etapa…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="731"/>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="740"/>
        <source>Add stage before</source>
        <translation>Añadir etapa antes</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="741"/>
        <source>Add stage after</source>
        <translation>Añadir etapa después</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="742"/>
        <source>Move left</source>
        <translation>Mover a la izquierda</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="743"/>
        <source>Move right</source>
        <translation>Mover a la derecha</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="745"/>
        <source>Delete stage…</source>
        <translation>Eliminar etapa…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="749"/>
        <source>Rename lane…</source>
        <translation>Renombrar carril…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="751"/>
        <source>Add lane above</source>
        <translation>Añadir carril encima</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="752"/>
        <source>Add lane below</source>
        <translation>Añadir carril debajo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="753"/>
        <source>Move up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="754"/>
        <source>Move down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="756"/>
        <source>Delete lane…</source>
        <translation>Eliminar carril…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="763"/>
        <source>New touchpoint</source>
        <translation>Nuevo punto de contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="764"/>
        <source>Cu&amp;t</source>
        <translation>Cor&amp;tar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="765"/>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="766"/>
        <source>&amp;Paste</source>
        <translation>&amp;Pegar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="767"/>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplicar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="770"/>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="775"/>
        <source>Select &amp;all cards</source>
        <translation>&amp;Seleccionar todas las tarjetas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="776"/>
        <source>Co&amp;nnect selected cards</source>
        <translation>Co&amp;nectar las tarjetas seleccionadas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="777"/>
        <source>&amp;Find cards…</source>
        <translation>&amp;Buscar tarjetas…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="778"/>
        <source>Auto-&amp;arrange</source>
        <translation>&amp;Organizar automáticamente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="779"/>
        <source>Add &amp;stage…</source>
        <translation>Añadir et&amp;apa…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="780"/>
        <source>Add &amp;lane…</source>
        <translation>Añadir carr&amp;il…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="783"/>
        <source>Zoom &amp;in</source>
        <translation>Aumentar &amp;zoom</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="788"/>
        <source>Zoom &amp;out</source>
        <translation>Reducir zoo&amp;m</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="789"/>
        <source>&amp;Actual size</source>
        <translation>Tamaño rea&amp;l</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="790"/>
        <source>&amp;Fit journey</source>
        <translation>&amp;Ver todo el viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="803"/>
        <source>New card</source>
        <translation>Nueva tarjeta</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="804"/>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="805"/>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="806"/>
        <source>Fit</source>
        <translation>Ver todo</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="64"/>
        <location filename="../../cxdesigner/mainwindow.py" line="421"/>
        <source>Open a project (Ctrl+O) or create one (Ctrl+N).</source>
        <translation>Abra un proyecto (Ctrl+O) o cree uno (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="86"/>
        <source>&amp;New</source>
        <translation>&amp;Nuevo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="87"/>
        <source>New &amp;Window</source>
        <translation>Nueva &amp;ventana</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="88"/>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="89"/>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="90"/>
        <source>Save &amp;As…</source>
        <translation>Guardar co&amp;mo…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="91"/>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="92"/>
        <source>Revert to &amp;Backup…</source>
        <translation>Volver a una c&amp;opia de seguridad…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="93"/>
        <source>Save Journey as &amp;Template…</source>
        <translation>Guardar el viaje como p&amp;lantilla…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="94"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="95"/>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="97"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="100"/>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="101"/>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="105"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="108"/>
        <source>New from &amp;template</source>
        <translation>Nuevo desde &amp;plantilla</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="111"/>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="118"/>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="119"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="126"/>
        <source>&amp;Edit</source>
        <translation>&amp;Edición</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="129"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="130"/>
        <source>Interface &amp;language</source>
        <translation>&amp;Idioma de la interfaz</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="143"/>
        <source>&amp;Touchpoints from CSV or Excel…</source>
        <translation>&amp;Puntos de contacto desde CSV o Excel…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="144"/>
        <source>&amp;Survey answers…</source>
        <translation>&amp;Respuestas de encuesta…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="145"/>
        <source>&amp;Journeys from another project…</source>
        <translation>&amp;Viajes de otro proyecto…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="146"/>
        <source>&amp;Mermaid journey…</source>
        <translation>Viaje de &amp;Mermaid…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="152"/>
        <source>&amp;Map (PNG, SVG, PDF)…</source>
        <translation>&amp;Mapa (PNG, SVG, PDF)…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="156"/>
        <source>Workshop &amp;report (PDF)…</source>
        <translation>&amp;Informe del taller (PDF)…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="157"/>
        <source>&amp;CSV…</source>
        <translation>&amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="158"/>
        <source>&amp;JSON…</source>
        <translation>&amp;JSON…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="159"/>
        <source>&amp;GraphML…</source>
        <translation>&amp;GraphML…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="160"/>
        <source>M&amp;ermaid…</source>
        <translation>M&amp;ermaid…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="166"/>
        <source>S&amp;hare a Copy…</source>
        <translation>Compar&amp;tir una copia…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/mainwindow.py" line="184"/>
        <source>Imported %n survey answer(s)</source>
        <translation>
            <numerusform>Se importó %n respuesta de encuesta</numerusform>
            <numerusform>Se importaron %n respuestas de encuesta</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="206"/>
        <source>The interface language changes the next time CX Designer starts.</source>
        <translation>El idioma de la interfaz cambiará la próxima vez que se inicie CX Designer.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="212"/>
        <source>Hotel stay</source>
        <translation>Estancia en un hotel</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="213"/>
        <source>Online purchase</source>
        <translation>Compra online</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="214"/>
        <source>Support call</source>
        <translation>Llamada a atención al cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="215"/>
        <source>Dental clinic visit</source>
        <translation>Visita a la clínica dental</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="216"/>
        <source>Opening a bank account</source>
        <translation>Apertura de una cuenta bancaria</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="217"/>
        <source>Telecom outage</source>
        <translation>Avería de telecomunicaciones</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="218"/>
        <source>City permit</source>
        <translation>Licencia municipal</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="219"/>
        <source>SaaS trial to paid</source>
        <translation>De la prueba gratuita al pago (SaaS)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="220"/>
        <source>Retail store visit</source>
        <translation>Visita a una tienda</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="231"/>
        <source>(no recent files)</source>
        <translation>(no hay archivos recientes)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="241"/>
        <source>Project</source>
        <translation>Proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="242"/>
        <source>Personas</source>
        <translation>Tipos de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="243"/>
        <source>Inspector</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="244"/>
        <source>Insights</source>
        <translation>Hallazgos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="245"/>
        <source>Touchpoints</source>
        <translation>Puntos de contacto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="246"/>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="254"/>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="274"/>
        <source>No project open</source>
        <translation>Ningún proyecto abierto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="391"/>
        <source>Zoom {0}%</source>
        <translation>Zoom {0} %</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="430"/>
        <location filename="../../cxdesigner/mainwindow.py" line="452"/>
        <source>Untitled</source>
        <translation>Sin título</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="432"/>
        <source>(read-only)</source>
        <translation>(solo lectura)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="462"/>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="463"/>
        <source>Save the changes to “{0}” before closing it?</source>
        <translation>¿Guardar los cambios de “{0}” antes de cerrarlo?</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="464"/>
        <source>If you don&apos;t save, your changes since the last save are lost.</source>
        <translation>Si no guarda, se perderán los cambios hechos desde la última vez que guardó.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="484"/>
        <source>Cannot create the project</source>
        <translation>No se puede crear el proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="493"/>
        <source>Open project</source>
        <translation>Abrir proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="521"/>
        <source>Save project as</source>
        <translation>Guardar proyecto como</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="532"/>
        <source>Saved {0}</source>
        <translation>Guardado: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="562"/>
        <source>There is room on the disk again: you can go on editing.</source>
        <translation>Vuelve a haber espacio en el disco: puede seguir editando.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="574"/>
        <source>Save journey as template</source>
        <translation>Guardar el viaje como plantilla</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="574"/>
        <source>Template name:</source>
        <translation>Nombre de la plantilla:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="584"/>
        <source>The template was not saved</source>
        <translation>No se guardó la plantilla</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py" line="586"/>
        <source>Saved template “{0}”: File ▸ New from template</source>
        <translation>Plantilla “{0}” guardada: Archivo ▸ Nuevo desde plantilla</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py"/>
        <source>&amp;draw.io diagram…</source>
        <translation>Diagrama de &amp;draw.io…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/mainwindow.py"/>
        <source>&amp;draw.io…</source>
        <translation>&amp;draw.io…</translation>
    </message>
</context>
<context>
    <name>PersonaEditor</name>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="68"/>
        <source>(unnamed persona)</source>
        <translation>(tipo de cliente sin nombre)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="81"/>
        <source>Add persona</source>
        <translation>Añadir tipo de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="83"/>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="101"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="102"/>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="103"/>
        <source>Goals</source>
        <translation>Objetivos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="104"/>
        <source>Needs</source>
        <translation>Necesidades</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="105"/>
        <source>Frustrations</source>
        <translation>Frustraciones</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="106"/>
        <source>Quote</source>
        <translation>Cita</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="109"/>
        <source>The colour that marks this persona&apos;s journeys</source>
        <translation>El color que identifica los viajes de este tipo de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="112"/>
        <source>Colour</source>
        <translation>Color</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="115"/>
        <source>No persona yet: add one to describe who lives the journey.</source>
        <translation>Aún no hay tipos de cliente: añada uno para describir quién vive el viaje.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="227"/>
        <source>New persona</source>
        <translation>Nuevo tipo de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="245"/>
        <source>Delete persona</source>
        <translation>Eliminar tipo de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="247"/>
        <source>Delete the persona “%1”?</source>
        <translation>¿Eliminar el tipo de cliente “%1”?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/panels/personas.py" line="249"/>
        <source>%n journey(s) will be left without a persona.</source>
        <translation>
            <numerusform>%n viaje quedará sin tipo de cliente.</numerusform>
            <numerusform>%n viajes quedarán sin tipo de cliente.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="250"/>
        <source>You can undo this.</source>
        <translation>Puede deshacerlo.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/personas.py" line="265"/>
        <source>Persona colour</source>
        <translation>Color del tipo de cliente</translation>
    </message>
</context>
<context>
    <name>ProjectDock</name>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="99"/>
        <source>(no persona)</source>
        <translation>(sin tipo de cliente)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="105"/>
        <source>Journeys</source>
        <translation>Viajes</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="108"/>
        <source>Journey</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="108"/>
        <source>Persona</source>
        <translation>Tipo de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="120"/>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="121"/>
        <source>Add a journey with the default stages and lanes</source>
        <translation>Añadir un viaje con las etapas y carriles predeterminados</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="123"/>
        <source>Duplicate</source>
        <translation>Duplicar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="124"/>
        <source>Copy this journey, e.g. to design its to-be version</source>
        <translation>Copiar este viaje, p. ej., para diseñar su versión futura</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="126"/>
        <source>Rename</source>
        <translation>Renombrar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="128"/>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="137"/>
        <source>Move up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="141"/>
        <source>Move down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="148"/>
        <source>Persona of this journey</source>
        <translation>Tipo de cliente de este viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="157"/>
        <source>Personas</source>
        <translation>Tipos de cliente</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="160"/>
        <source>Double-click a persona to edit it</source>
        <translation>Haga doble clic en un tipo de cliente para editarlo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="163"/>
        <source>Edit personas…</source>
        <translation>Editar tipos de cliente…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="200"/>
        <source>New journey</source>
        <translation>Nuevo viaje</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="212"/>
        <source>%1 (copy)</source>
        <translation>%1 (copia)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="231"/>
        <source>A journey needs a name.</source>
        <translation>Un viaje necesita un nombre.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="255"/>
        <source>Delete journey</source>
        <translation>Eliminar viaje</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/panels/project_dock.py" line="257"/>
        <source>Delete the journey “%1” and its %n touchpoint(s)?</source>
        <translation>
            <numerusform>¿Eliminar el viaje “%1” y su %n punto de contacto?</numerusform>
            <numerusform>¿Eliminar el viaje “%1” y sus %n puntos de contacto?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="258"/>
        <source>You can undo this.</source>
        <translation>Puede deshacerlo.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/project_dock.py" line="363"/>
        <location filename="../../cxdesigner/panels/project_dock.py" line="371"/>
        <source>(unnamed persona)</source>
        <translation>(tipo de cliente sin nombre)</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="160"/>
        <source>Discard unsaved work</source>
        <translation>Descartar el trabajo sin guardar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="161"/>
        <source>Discard these unsaved changes for good? This cannot be undone.</source>
        <translation>¿Descartar definitivamente estos cambios sin guardar? No se puede deshacer.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="171"/>
        <source>The file changed on disk</source>
        <translation>El archivo ha cambiado en el disco</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="172"/>
        <source>{0} was changed by someone else since you opened it.</source>
        <translation>Otra persona ha modificado {0} desde que usted lo abrió.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="173"/>
        <source>Overwrite replaces their version with yours; Save As keeps both.</source>
        <translation>Sobrescribir reemplaza la versión de esa persona por la suya; Guardar como conserva ambas.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="175"/>
        <source>&amp;Overwrite</source>
        <translation>&amp;Sobrescribir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="176"/>
        <source>&amp;Save As…</source>
        <translation>&amp;Guardar como…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="185"/>
        <source>open in another CX Designer</source>
        <translation>abierto en otro CX Designer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="188"/>
        <source>If that computer crashed or is switched off, you can take the file over.</source>
        <translation>Si ese equipo se bloqueó o está apagado, puede tomar el control del archivo.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="190"/>
        <source>You can open it read-only, and save a copy under another name.</source>
        <translation>Puede abrirlo en modo de solo lectura y guardar una copia con otro nombre.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="193"/>
        <source>The file is in use</source>
        <translation>El archivo está en uso</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="195"/>
        <source>Open &amp;read-only</source>
        <translation>Abrir en &amp;solo lectura</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="196"/>
        <source>&amp;Take over</source>
        <translation>&amp;Tomar el control</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="213"/>
        <source>Save project as</source>
        <translation>Guardar proyecto como</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="56"/>
        <source>Recover unsaved work</source>
        <translation>Recuperar el trabajo sin guardar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="58"/>
        <source>Untitled project</source>
        <translation>Proyecto sin título</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="61"/>
        <source>CX Designer stopped before this project was saved:</source>
        <translation>CX Designer se cerró antes de que se guardara este proyecto:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="64"/>
        <source>File: {0}</source>
        <translation>Archivo: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="64"/>
        <source>never saved</source>
        <translation>nunca guardado</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="65"/>
        <source>Last change: {0}</source>
        <translation>Último cambio: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="69"/>
        <source>{0} journeys, {1} touchpoints, {2} connections</source>
        <translation>{0} viajes, {1} puntos de contacto, {2} conexiones</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="74"/>
        <source>Restore opens it with every change you made; it stays unsaved until you save it.</source>
        <translation>Restaurar lo abre con todos los cambios que hizo; seguirá sin guardar hasta que usted lo guarde.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="79"/>
        <source>&amp;Restore</source>
        <translation>&amp;Restaurar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="80"/>
        <source>&amp;Save As…</source>
        <translation>&amp;Guardar como…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="81"/>
        <source>&amp;Discard</source>
        <translation>&amp;Descartar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="82"/>
        <source>Decide &amp;later</source>
        <translation>Decidir &amp;más tarde</translation>
    </message>
</context>
<context>
    <name>SafetyController</name>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="310"/>
        <source>Could not discard</source>
        <translation>No se pudo descartar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="318"/>
        <source>Could not restore</source>
        <translation>No se pudo restaurar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="319"/>
        <source>{0}

The work is kept in {1}.</source>
        <translation>{0}

El trabajo se conserva en {1}.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="338"/>
        <source>the file is open in another CX Designer</source>
        <translation>el archivo está abierto en otro CX Designer</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="340"/>
        <source>the folder is read-only</source>
        <translation>la carpeta es de solo lectura</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="352"/>
        <source>The project could not be opened</source>
        <translation>No se pudo abrir el proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="357"/>
        <source>Opened with a note</source>
        <translation>Abierto con observaciones</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="369"/>
        <source>Could not take the file over</source>
        <translation>No se pudo tomar el control del archivo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="406"/>
        <source>The project was not saved</source>
        <translation>No se guardó el proyecto</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="443"/>
        <source>The change could not be recorded</source>
        <translation>No se pudo registrar el cambio</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="444"/>
        <source>{0}

The project is read-only until you save it elsewhere (File → Save As) or free some space.</source>
        <translation>{0}

El proyecto es de solo lectura hasta que lo guarde en otra ubicación (Archivo → Guardar como) o libere espacio.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="454"/>
        <source>No backups yet</source>
        <translation>Aún no hay copias de seguridad</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="455"/>
        <source>Backups are made every {0} minutes while the project changes.</source>
        <translation>Se hace una copia de seguridad cada {0} minutos mientras haya cambios en el proyecto.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/safety_ui.py" line="468"/>
        <source>Could not revert to the backup</source>
        <translation>No se pudo volver a la copia de seguridad</translation>
    </message>
</context>
<context>
    <name>TableImportDialog</name>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="84"/>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="415"/>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="424"/>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="101"/>
        <source>{0} rows are ready to import</source>
        <translation>{0} filas listas para importar</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="118"/>
        <source>&amp;Delimiter:</source>
        <translation>&amp;Separador:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="121"/>
        <source>&amp;Sheet:</source>
        <translation>&amp;Hoja:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="134"/>
        <source>Choose what each column holds; the first rows of the file are shown below.</source>
        <translation>Elija qué contiene cada columna; abajo se muestran las primeras filas del archivo.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="151"/>
        <source>Check</source>
        <translation>Comprobación</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="171"/>
        <source>Reading {0}…</source>
        <translation>Leyendo {0}…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="223"/>
        <source>comma ,</source>
        <translation>coma ,</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="223"/>
        <source>semicolon ;</source>
        <translation>punto y coma ;</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="223"/>
        <source>tab</source>
        <translation>tabulador</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="223"/>
        <source>bar |</source>
        <translation>barra |</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="225"/>
        <source>Detected: {0}</source>
        <translation>Detectado: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="238"/>
        <source>1 row</source>
        <translation>1 fila</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="238"/>
        <source>{0} rows</source>
        <translation>{0} filas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="240"/>
        <source>{0} · Excel workbook · {1}</source>
        <translation>{0} · libro de Excel · {1}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="260"/>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="455"/>
        <source>Cannot read the file</source>
        <translation>No se puede leer el archivo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="280"/>
        <source>column {0}</source>
        <translation>columna {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="287"/>
        <source>Import as</source>
        <translation>Importar como</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="300"/>
        <source>(ignore)</source>
        <translation>(ignorar)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="304"/>
        <source>Import column {0} as</source>
        <translation>Importar la columna {0} como</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="347"/>
        <source>Checking the rows…</source>
        <translation>Comprobando las filas…</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="363"/>
        <source>Ignored columns: {0}</source>
        <translation>Columnas ignoradas: {0}</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="374"/>
        <source>1 row has problems and will be skipped unless you fix the file</source>
        <translation>1 fila tiene problemas y se omitirá si no corrige el archivo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="376"/>
        <source>{0} rows have problems and will be skipped unless you fix the file</source>
        <translation>{0} filas tienen problemas y se omitirán si no corrige el archivo</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="381"/>
        <source>Every row is valid.</source>
        <translation>Todas las filas son válidas.</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="421"/>
        <source>Import valid rows ({0})</source>
        <translation>Importar las filas válidas ({0})</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/dialogs/tableimport.py" line="437"/>
        <source>Nothing was imported</source>
        <translation>No se importó nada</translation>
    </message>
</context>
<context>
    <name>TextListEditor</name>
    <message>
        <location filename="../../cxdesigner/panels/widgets.py" line="272"/>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/widgets.py" line="277"/>
        <source>Remove the selected item (Delete)</source>
        <translation>Quitar el elemento seleccionado (Supr)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/widgets.py" line="278"/>
        <source>Remove the selected item</source>
        <translation>Quitar el elemento seleccionado</translation>
    </message>
</context>
<context>
    <name>TouchpointTableModel</name>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="108"/>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="109"/>
        <source>Lane</source>
        <translation>Carril</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="110"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="111"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="112"/>
        <source>Emotion</source>
        <translation>Emoción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="113"/>
        <source>Importance</source>
        <translation>Importancia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="114"/>
        <source>Satisfaction</source>
        <translation>Satisfacción</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="115"/>
        <source>Gap</source>
        <translation>Brecha</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="116"/>
        <source>Pain points</source>
        <translation>Puntos de dolor</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="117"/>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="118"/>
        <source>Moment of truth</source>
        <translation>Momento de la verdad</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="119"/>
        <source>Votes</source>
        <translation>Votos</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="120"/>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="121"/>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="124"/>
        <source>Importance minus satisfaction: where it is large, improve first</source>
        <translation>Importancia menos satisfacción: donde es grande, mejore primero</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="125"/>
        <source>From −3 (very bad) to +3 (very good)</source>
        <translation>De −3 (muy mal) a +3 (muy bien)</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="126"/>
        <source>A moment that decides whether the customer stays or leaves</source>
        <translation>Un momento que decide si el cliente se queda o se va</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="292"/>
        <source>(not set)</source>
        <translation>(sin definir)</translation>
    </message>
</context>
<context>
    <name>TouchpointTableWidget</name>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="545"/>
        <source>Filter touchpoints…</source>
        <translation>Filtrar puntos de contacto…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/panels/table.py" line="637"/>
        <source>%n touchpoint(s)</source>
        <translation>
            <numerusform>%n punto de contacto</numerusform>
            <numerusform>%n puntos de contacto</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/panels/table.py" line="640"/>
        <source>%1 of %2 touchpoints</source>
        <translation>%1 de %2 puntos de contacto</translation>
    </message>
</context>
<context>
    <name>DeleteHeaderDialog</name>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="857"/>
        <source>Delete stage</source>
        <translation>Eliminar etapa</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="857"/>
        <source>Delete lane</source>
        <translation>Eliminar carril</translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/canvas/editor.py" line="860"/>
        <source>The stage “%1” holds %n card(s).</source>
        <translation>
            <numerusform>La etapa “%1” contiene %n tarjeta.</numerusform>
            <numerusform>La etapa “%1” contiene %n tarjetas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../cxdesigner/canvas/editor.py" line="862"/>
        <source>The lane “%1” holds %n card(s).</source>
        <translation>
            <numerusform>El carril “%1” contiene %n tarjeta.</numerusform>
            <numerusform>El carril “%1” contiene %n tarjetas.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="868"/>
        <source>Move the cards to:</source>
        <translation>Mover las tarjetas a:</translation>
    </message>
    <message>
        <location filename="../../cxdesigner/canvas/editor.py" line="872"/>
        <source>Delete the cards too</source>
        <translation>Eliminar también las tarjetas</translation>
    </message>
</context>
</TS>
